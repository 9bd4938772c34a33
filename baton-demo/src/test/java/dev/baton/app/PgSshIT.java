package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.engine.Decision;
import dev.baton.engine.EngineListener;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.plan.Step;
import dev.baton.testkit.Poll;
import dev.baton.testkit.haproxy.LocalHaproxy;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.ssh.LocalSshd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL switchover with both nodes reached over SSH (a real sshd on loopback; Baton logs
 * in as root and runs PostgreSQL's tools as postgres with runuser, since Debian locks the postgres
 * account) and every client going through HAProxy.
 */
class PgSshIT {

  @TempDir Path home;

  private static String overSsh(String topology, LocalSshd sshd) {
    return topology.replace(
        "    transport: local\n",
        "    transport: ssh\n    host: 127.0.0.1\n    port: " + sshd.port() + "\n    user: root\n");
  }

  private PgScenario start(LocalSshd sshd) throws Exception {
    LocalPgPair pair = LocalPgPair.start(PgBinaries.debian());
    LocalHaproxy lb = HaproxyFront.start(pair);
    String url = HaproxyFront.clientUrl(lb);
    Home h = new Home(home);
    return PgScenario.start(
        home,
        pair,
        HaproxyFront.topology(overSsh(pair.topologyYaml(), sshd), lb),
        url,
        t -> Drivers.forTopology(t, h, sshd.settings()),
        List.of(lb));
  }

  @Test
  void switchoverOverSshThroughHaproxyLosesNothing() throws Exception {
    try (LocalSshd sshd = LocalSshd.start();
        PgScenario s = start(sshd)) {
      s.awaitAcks(100);
      List<Double> gaps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
        assertEquals(
            RunStatus.DONE, w.result().status(), "switchover " + i + ": " + w.result().sentence());
        s.awaitMoreAcks(50);
        gaps.add(s.longestGapMs(w));
      }
      PgScenario.Verdict v = s.finish();
      System.out.println("longest write gaps through HAProxy, nodes over SSH (ms): " + gaps);
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      assertTrue(sshd.connections() >= 2, "both nodes were reached over SSH");
    }
  }

  /**
   * The SSH link drops while the old primary is being started as a standby: the run halts with the
   * outcome unknown, and resume re-observes, finding the step done instead of running it again.
   */
  @Test
  void aDroppedSshLinkMidStepHaltsAndResumeReobserves() throws Exception {
    try (LocalSshd sshd = LocalSshd.start();
        PgScenario s = start(sshd)) {
      s.awaitAcks(100);
      PgScenario.Window w =
          s.run("switchover", new Goal(null, Map.of()), new DropDuringRejoin(sshd));
      assertEquals(RunStatus.HALTED, w.result().status(), w.result().sentence());
      assertTrue(w.result().sentence().contains("lost the SSH connection"), w.result().sentence());
      PgScenario.Window again = s.resume(w.runId());
      assertEquals(RunStatus.DONE, again.result().status(), again.result().sentence());
      s.awaitMoreAcks(50);
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
    }
  }

  /** Drops every SSH connection once pg_ctl start runs for the rejoining server (bounded wait). */
  private record DropDuringRejoin(LocalSshd sshd) implements EngineListener {
    @Override
    public void stepStarted(Step step) {
      if (!step.id().startsWith("rejoin-")) {
        return;
      }
      Thread t =
          new Thread(
              () -> {
                // No pause between checks, as before: pg_ctl start runs only briefly.
                Poll.every(Duration.ZERO)
                    .until(
                        Duration.ofSeconds(20),
                        "pg_ctl start for the rejoining server",
                        () ->
                            ProcessHandle.allProcesses()
                                .anyMatch(
                                    p ->
                                        p.info()
                                            .commandLine()
                                            .map(c -> c.contains("pg_ctl") && c.contains(" start "))
                                            .orElse(false)));
                sshd.dropConnections();
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void stepDecided(Step step, Decision d, Duration took) {}
  }
}
