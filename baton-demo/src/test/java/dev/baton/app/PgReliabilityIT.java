package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.engine.EngineListener;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.testkit.pg.KillPostgres;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows 1 and 3 of the reliability matrix on a real PostgreSQL pair under the workload client. */
class PgReliabilityIT {

  @TempDir Path home;

  private PgScenario scenario() throws Exception {
    Home h = new Home(home);
    return PgScenario.start(home, PgBinaries.debian(), t -> Drivers.forTopology(t, h));
  }

  /** Row 1: 20 planned switchovers back and forth lose nothing and never show two actives. */
  @Test
  void twentySwitchoversLoseNoWriteAndNeverHaveTwoActives() throws Exception {
    try (PgScenario s = scenario()) {
      s.awaitAcks(100);
      for (int i = 0; i < 20; i++) {
        PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
        assertEquals(
            RunStatus.DONE, w.result().status(), "switchover " + i + ": " + w.result().sentence());
        s.awaitMoreAcks(20);
      }
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertEquals(0, v.lost().unexpected().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      assertEquals(
          "t",
          s.pair().pgB().sql("select pg_is_in_recovery()"),
          "20 switchovers end where they began");
    }
  }

  /** Row 3: with the standby's replay paused, a switchover is refused with a reason within 5 s. */
  @Test
  void switchoverOntoAStandbyWithPausedReplayIsRefusedWithinFiveSeconds() throws Exception {
    try (PgScenario s = scenario()) {
      s.awaitAcks(100);
      KillPostgres.pauseReplay(s.pair().pgB());
      s.awaitMoreAcks(100);
      long t0 = System.nanoTime();
      PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertEquals(RunStatus.HALTED, w.result().status(), w.result().sentence());
      assertTrue(
          w.result().sentence().contains("pg-b has WAL replay paused"), w.result().sentence());
      assertTrue(
          took.compareTo(Duration.ofSeconds(5)) < 0, "refusal took " + took.toMillis() + " ms");
      assertEquals("t", s.pair().pgB().sql("select pg_is_in_recovery()"), "no promotion");
      assertEquals("f", s.pair().pgA().sql("select pg_is_in_recovery()"));
      KillPostgres.resumeReplay(s.pair().pgB());
      PgScenario.Verdict v = s.finish();
      assertTrue(v.safe(), v.lost().summary() + "; " + v.twoActives().summary());
    }
  }

  /**
   * Row 4: kill -9 of the primary's postgres in the middle of a switchover (after the preflight,
   * after the checkpoint). The run must halt or complete safely, never promote a standby that may
   * be behind the last acknowledged write, and lose nothing.
   */
  @Test
  void killingThePrimaryMidSwitchoverNeverPromotesABehindStandbyAndLosesNothing() throws Exception {
    for (String afterStep : new String[] {"preflight", "checkpoint-pg-a"}) {
      Path dir = home.resolve(afterStep);
      Home h = new Home(dir);
      try (PgScenario s =
          PgScenario.start(dir, PgBinaries.debian(), t -> Drivers.forTopology(t, h))) {
        s.awaitAcks(100);
        PgScenario.Window w =
            s.run("switchover", new Goal(null, Map.of()), new KillPrimaryAfter(afterStep, s));
        System.out.println(
            "kill -9 after "
                + afterStep
                + ": "
                + w.result().status()
                + ": "
                + w.result().sentence());
        assertFalse(
            w.result().status() == RunStatus.DONE && !s.pair().pgB().isRunning(),
            afterStep + ": " + w.result().sentence());
        if (w.result().status() != RunStatus.DONE) {
          assertEquals(
              "t",
              s.pair().pgB().sql("select pg_is_in_recovery()"),
              afterStep
                  + ": a standby that may lack acknowledged writes was promoted: "
                  + w.result().sentence());
          s.pair().pgA().start();
        }
        PgScenario.Verdict v = s.finish();
        assertEquals(0, v.lost().lost().size(), afterStep + ": " + v.lost().summary());
        assertTrue(v.twoActives().ok(), afterStep + ": " + v.twoActives().summary());
      }
    }
  }

  /** Kills the primary's postmaster as soon as a given step is decided. */
  private record KillPrimaryAfter(String stepId, PgScenario s) implements EngineListener {
    @Override
    public void stepDecided(dev.baton.plan.Step step, dev.baton.engine.Decision d, Duration took) {
      if (step.id().equals(stepId)) {
        KillPostgres.kill9(s.pair().pgA());
      }
    }
  }
}
