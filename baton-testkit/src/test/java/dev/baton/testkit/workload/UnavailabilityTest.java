package dev.baton.testkit.workload;

import static dev.baton.testkit.workload.Ops.failed;
import static dev.baton.testkit.workload.Ops.history;
import static dev.baton.testkit.workload.Ops.ok;
import static dev.baton.testkit.workload.Ops.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnavailabilityTest {

  private static final String A = "10.0.0.1:5432";
  private static final String B = "10.0.0.2:5432";

  @Test
  void gapsAreMeasuredBetweenConsecutiveAcknowledgementEnds() {
    // Ack ends at 10, 20, 100, 130, 430 and 440 ms: gaps 10, 80, 30, 300 and 10 ms.
    History h =
        history(
            ok(1, 0, 10, A),
            ok(2, 10, 20, A),
            unknown(3, 20, 60),
            ok(4, 60, 100, A),
            ok(5, 100, 130, A),
            failed(6, 130, 200),
            failed(7, 200, 400),
            ok(8, 400, 430, B),
            ok(9, 430, 440, B));
    Unavailability u = Unavailability.of(h);
    assertEquals(300.0, u.longestGapMs());
    assertEquals(Ops.EPOCH_MICROS + 130_000, u.longestGapAtMicros());
    assertEquals(2, u.gapsOverThreshold());
    assertEquals(380.0, u.totalOverThresholdMs());
    assertEquals(0.0, u.tailMs());
    assertEquals(6, u.oks());
    assertEquals(2, u.failed());
    assertEquals(1, u.unknown());
    assertTrue(u.ok());
    assertTrue(u.within(Duration.ofMillis(300)));
    assertFalse(u.within(Duration.ofMillis(299)));
    assertEquals(
        "longest gap 300.000 ms at 2023-11-14T22:13:20.130Z; 2 gaps over 50.000 ms totalling"
            + " 380.000 ms without an acknowledged write (6 ok, 2 failed, 1 unknown)",
        u.summary());
  }

  @Test
  void gapsKeepMicrosecondPrecision() {
    Op first = ok(1, 0, 1, A);
    Op second =
        new Op(
            2,
            1_000_000,
            1_501_234,
            first.endMicros(),
            first.endMicros() + 501,
            Outcome.OK,
            A,
            1L,
            null);
    Unavailability u = Unavailability.of(history(first, second));
    assertEquals(0.501, u.longestGapMs());
  }

  @Test
  void aThresholdCountsOnlyLongerGaps() {
    History h = history(ok(1, 0, 10, A), ok(2, 10, 30, A), ok(3, 30, 60, A));
    Unavailability u = Unavailability.of(h, Duration.ofMillis(20));
    assertEquals(1, u.gapsOverThreshold());
    assertEquals(30.0, u.totalOverThresholdMs());
  }

  @Test
  void aRunThatEndsWithoutAcknowledgementsIsNotOk() {
    History h = history(ok(1, 0, 10, A), failed(2, 10, 500), unknown(3, 500, 1000));
    Unavailability u = Unavailability.of(h);
    assertEquals(990.0, u.tailMs());
    assertFalse(u.ok());
    assertTrue(u.summary().contains("then none in the last 990.000 ms"), u.summary());
  }

  @Test
  void aRunWithoutAnyAcknowledgementIsNotOk() {
    Unavailability u = Unavailability.of(history(failed(1, 0, 10)));
    assertFalse(u.ok());
    assertEquals(-1, u.longestGapAtMicros());
  }
}
