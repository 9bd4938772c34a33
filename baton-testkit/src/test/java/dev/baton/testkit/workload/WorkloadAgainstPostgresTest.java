package dev.baton.testkit.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Poll;
import dev.baton.testkit.workload.ProbeSample.Writability;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client, the probe and the checkers against a real PostgreSQL that we stop and start. */
class WorkloadAgainstPostgresTest {

  private static ThrowawayPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    // bin/test installs PostgreSQL 15; a machine without it fails here rather than skipping.
    assertTrue(ThrowawayPostgres.available(), "PostgreSQL 15 is not installed (run bin/setup)");
    pg = ThrowawayPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static WorkloadClient client(History history, Duration maxDuration) {
    return new WorkloadClient(
        pg.url(),
        new Properties(),
        WorkloadClient.Settings.DEFAULT.withMaxDuration(maxDuration),
        history);
  }

  @Test
  void aSteadyRunIsAllAcknowledgedByTheServerAndLosesNothing() throws Exception {
    History h = new History();
    try (WorkloadClient c = client(h, Duration.ofSeconds(1))) {
      c.start();
      assertTrue(c.awaitEnd(Duration.ofSeconds(15)), "the loop ends at its maximum duration");
      List<Op> ops = h.ops();
      assertTrue(ops.size() > 10, "only " + ops.size() + " ops in a second");
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        assertEquals(Outcome.OK, op.outcome(), op.toString());
        assertEquals(pg.server(), op.server());
        assertEquals(1L, op.timeline());
        if (i > 0) {
          assertTrue(op.id() > ops.get(i - 1).id(), "ids strictly increase");
        }
      }
      LostWritesChecker.Result lost = LostWritesChecker.check(h, c.finalIds());
      assertTrue(lost.ok(), lost.summary());
      assertEquals(ops.size(), lost.acknowledged());
    }
  }

  @Test
  void aStoppedServerFailsOpsThenTheClientReconnectsAndNothingIsLost() throws Exception {
    History h = new History();
    try (WritabilityProbe probe = new WritabilityProbe(List.of(pg.url()));
        WorkloadClient c = client(h, Duration.ofSeconds(60))) {
      probe.start();
      c.start();
      Poll.until(Duration.ofSeconds(10), "20 acknowledgements", () -> h.oks().size() >= 20);
      pg.stopServer();
      long stopped = System.nanoTime();
      Poll.until(
          Duration.ofSeconds(10),
          "half a second of failing ops",
          () ->
              h.ops().stream().anyMatch(o -> !o.acknowledged() && o.endNanos() - stopped > 500e6));
      pg.startServer();
      long restarted = System.nanoTime();
      Poll.until(
          Duration.ofSeconds(15),
          "20 acknowledgements after the restart",
          () -> h.oks().stream().filter(o -> o.startNanos() > restarted).count() >= 20);
      assertTrue(c.stop(), "the client stops");
      probe.stop();

      assertTrue(h.count(Outcome.FAILED) + h.count(Outcome.UNKNOWN) > 0);
      LostWritesChecker.Result lost = LostWritesChecker.check(h, c.finalIds());
      assertTrue(lost.ok(), lost.summary());
      Unavailability u = Unavailability.of(h);
      assertTrue(u.longestGapMs() > 500, u.summary());
      assertTrue(u.ok(), u.summary());
      TwoActivesChecker.Result two = TwoActivesChecker.check(h, probe.samples());
      assertTrue(two.ok(), two.summary());
      assertTrue(
          probe.samples().stream().anyMatch(s -> s.writability() == Writability.UNREACHABLE),
          "the probe saw the server down");
    }
  }

  @Test
  void aReadOnlyServerRefusesWritesAsFailedAndTheProbeSeesIt() throws Exception {
    History h = new History();
    try (WritabilityProbe probe = new WritabilityProbe(List.of(pg.url()));
        WorkloadClient c = client(h, Duration.ofSeconds(60))) {
      probe.start();
      c.start();
      Poll.until(Duration.ofSeconds(10), "10 acknowledgements", () -> h.oks().size() >= 10);
      try {
        pg.execute(
            "ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");
        Poll.until(Duration.ofSeconds(10), "a refused write", () -> h.count(Outcome.FAILED) >= 3);
        Poll.until(
            Duration.ofSeconds(10),
            "the probe to see the server read-only",
            () -> probe.samples().stream().anyMatch(s -> s.writability() == Writability.READ_ONLY));
      } finally {
        pg.execute("ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
      }
      long writable = System.nanoTime();
      Poll.until(
          Duration.ofSeconds(10),
          "acknowledgements again",
          () -> h.oks().stream().anyMatch(o -> o.startNanos() > writable));
      assertTrue(c.stop());
      probe.stop();

      Op refused = h.ops().stream().filter(o -> o.outcome() == Outcome.FAILED).findFirst().get();
      assertTrue(refused.error().startsWith("25006 "), refused.error());
      assertEquals(0, h.count(Outcome.UNKNOWN));
      LostWritesChecker.Result lost = LostWritesChecker.check(h, c.finalIds());
      assertTrue(lost.ok(), lost.summary());
    }
  }
}
