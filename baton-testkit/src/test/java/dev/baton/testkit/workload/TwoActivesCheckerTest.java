package dev.baton.testkit.workload;

import static dev.baton.testkit.workload.Ops.history;
import static dev.baton.testkit.workload.Ops.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.workload.ProbeSample.Writability;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TwoActivesCheckerTest {

  private static final String A = "10.0.0.1:5432";
  private static final String B = "10.0.0.2:5432";

  /** A probe that saw A writable, then B writable, never both in one round. */
  private static final List<ProbeSample> CLEAN_PROBE =
      List.of(
          sample(1, A, Writability.WRITABLE),
          sample(1, B, Writability.READ_ONLY),
          sample(2, A, Writability.UNREACHABLE),
          sample(2, B, Writability.WRITABLE));

  private static ProbeSample sample(long round, String server, Writability w) {
    long startMs = round * 20;
    return new ProbeSample(
        round,
        server,
        w,
        startMs * 1_000_000,
        (startMs + 1) * 1_000_000,
        Ops.EPOCH_MICROS + startMs * 1_000);
  }

  @Test
  void aCleanHandoverHasNoTwoActives() {
    // Every acknowledgement from A ends before the first one from B starts.
    History h = history(ok(1, 0, 2, A), ok(2, 2, 4, A), ok(3, 300, 302, B), ok(4, 302, 304, B));
    TwoActivesChecker.Result r = TwoActivesChecker.check(h, CLEAN_PROBE);
    assertTrue(r.ok(), r.summary());
    assertEquals(2, r.runs().size());
    assertEquals(
        "no two actives: 2 servers acknowledged writes in 2 runs without overlap,"
            + " and none of 2 probe rounds over 2 servers found two writable",
        r.summary());
  }

  @Test
  void twoServersAcknowledgingInOverlappingIntervalsAreTwoActives() {
    // Two clients: one still acknowledged by A while the other is acknowledged by B.
    History h =
        history(ok(1, 0, 2, A), ok(2, 1, 3, B), ok(3, 2, 10, A), ok(4, 3, 5, B), ok(5, 11, 12, B));
    TwoActivesChecker.Result r = TwoActivesChecker.check(h, CLEAN_PROBE);
    assertFalse(r.ok());
    assertFalse(r.overlaps().isEmpty());
    TwoActivesChecker.Overlap first = r.overlaps().get(0);
    assertEquals(Set.of(A, B), Set.of(first.first().server(), first.second().server()));
    assertTrue(r.summary().startsWith("TWO ACTIVES: "), r.summary());
  }

  @Test
  void runsFollowAcknowledgementOrderAndAnOverlapNamesItsTimes() {
    History h = history(ok(1, 0, 5, A), ok(2, 4, 6, B));
    TwoActivesChecker.Result r = TwoActivesChecker.check(h, CLEAN_PROBE);
    assertEquals(1, r.overlaps().size());
    assertEquals(
        "TWO ACTIVES: 1 overlap of acknowledgements from different servers, first "
            + A
            + " acknowledged from 2023-11-14T22:13:20Z to 2023-11-14T22:13:20.005Z while "
            + B
            + " acknowledged from 2023-11-14T22:13:20.004Z to 2023-11-14T22:13:20.006Z",
        r.summary());
  }

  @Test
  void oneServerInterleavedWithItselfIsNotTwoActives() {
    History h = history(ok(1, 0, 5, A), ok(2, 1, 3, A), ok(3, 2, 4, A));
    TwoActivesChecker.Result r = TwoActivesChecker.check(h, CLEAN_PROBE);
    assertEquals(List.of(), r.overlaps());
    assertEquals(1, r.runs().size());
    assertEquals(3, r.runs().get(0).acks());
  }

  @Test
  void twoServersWritableInOneProbeRoundAreTwoActives() {
    List<ProbeSample> samples =
        List.of(
            sample(1, A, Writability.WRITABLE),
            sample(1, B, Writability.READ_ONLY),
            sample(2, A, Writability.WRITABLE),
            sample(2, B, Writability.WRITABLE));
    TwoActivesChecker.Result r = TwoActivesChecker.check(history(), samples);
    assertFalse(r.ok());
    assertEquals(1, r.conflicts().size());
    assertEquals(2, r.conflicts().get(0).round());
    assertEquals(List.of(A, B), r.conflicts().get(0).servers());
    assertEquals(
        "TWO ACTIVES: 1 probe round with several writable servers, first at"
            + " 2023-11-14T22:13:20.040Z: "
            + A
            + ", "
            + B,
        r.summary());
  }

  @Test
  void aServerThatWasOnlyEverUnreachableWasNotProbed() {
    List<ProbeSample> samples =
        List.of(sample(1, A, Writability.WRITABLE), sample(1, B, Writability.UNREACHABLE));
    TwoActivesChecker.Result r = TwoActivesChecker.check(history(), samples);
    assertFalse(r.ok());
    assertEquals(Set.of(B), r.unprobed());
    assertEquals("TWO ACTIVES: never probed writable or not: " + B, r.summary());
  }

  @Test
  void noProbeAtAllFails() {
    TwoActivesChecker.Result r = TwoActivesChecker.check(history(ok(1, 0, 1, A)), List.of());
    assertFalse(r.ok());
    assertEquals("TWO ACTIVES: no server was probed", r.summary());
  }
}
