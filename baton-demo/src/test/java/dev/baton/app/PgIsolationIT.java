package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.engine.EngineListener;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.plan.Step;
import dev.baton.testkit.Poll;
import dev.baton.testkit.net.NetNamespace;
import dev.baton.testkit.pg.LocalPgCluster;
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
 * Reliability matrix row 5: the old primary is isolated (its network namespace's link to the
 * standby and to Baton goes down; its process keeps running) just before each step of a switchover.
 * Baton reaches it only over SSH through that link, as it would a remote host. Clients on its side
 * keep their own link, so a primary that kept accepting writes would be seen. Every run must end
 * with no write lost and never two servers accepting writes.
 */
class PgIsolationIT {

  @TempDir Path home;

  /** One switchover with the cluster link cut just before step {@code cutBefore} starts. */
  private String isolatedBefore(int cutBefore) throws Exception {
    try (NetNamespace ns = NetNamespace.create("iso" + cutBefore)) {
      NetNamespace.Link cluster = ns.link();
      NetNamespace.Link clients = ns.link();
      try (LocalSshd sshd = LocalSshd.startIn(ns.exec(), cluster.nsAddress())) {
        LocalPgPair pair =
            LocalPgPair.startWithPrimaryIn(
                PgBinaries.debian(), LocalPgPair.Options.defaults(), ns, cluster, clients);
        int portA = pair.pgA().port();
        String aForClients = clients.nsAddress() + ":" + portA;
        String url =
            "jdbc:postgresql://"
                + aForClients
                + ","
                + pair.pgB().host()
                + ":"
                + pair.pgB().port()
                + "/postgres?user=postgres&targetServerType=primary"
                + "&connectTimeout=2&socketTimeout=5&loginTimeout=3&hostRecheckSeconds=0";
        List<String> probes =
            List.of(
                "jdbc:postgresql://" + aForClients + "/postgres?user=postgres",
                pair.pgB().jdbcUrl());
        Path dir = home.resolve("cut-" + cutBefore);
        Home h = new Home(dir);
        try (PgScenario s =
            PgScenario.start(
                dir,
                pair,
                nodeAOverSsh(pair.topologyYaml(), cluster.nsAddress(), sshd),
                url,
                probes,
                t -> Drivers.forTopology(t, h, quick(sshd.settings())),
                List.of())) {
          s.awaitAcks(50);
          CutBefore cut = new CutBefore(cutBefore, cluster);
          PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), cut);
          String outcome =
              "cut before step "
                  + cutBefore
                  + " ("
                  + cut.stepId
                  + "): "
                  + w.result().status()
                  + " - "
                  + w.result().sentence();
          cluster.restore();
          heal(pair);
          s.awaitMoreAcks(20);
          PgScenario.Verdict v = s.finish();
          assertEquals(0, v.lost().lost().size(), outcome + "; " + v.lost().summary());
          assertTrue(v.twoActives().ok(), outcome + "; " + v.twoActives().summary());
          // Done, halted by a guard, or stopped by an action that could not reach the node: each
          // is safe when nothing was lost and there were never two primaries.
          assertTrue(
              java.util.Set.of(RunStatus.DONE, RunStatus.HALTED, RunStatus.FAILED)
                  .contains(w.result().status()),
              outcome);
          return outcome;
        }
      }
    }
  }

  // A run that halted after fencing the old primary but before promoting leaves no primary: the
  // operator's way out, starting the fenced server again, is what the test does.
  private static void heal(LocalPgPair pair) {
    LocalPgCluster a = pair.pgA();
    LocalPgCluster b = pair.pgB();
    if (!a.isRunning() && !b.isRunning()) {
      b.start();
    }
    Poll.until(
        Duration.ofSeconds(20),
        "a primary after the link came back",
        () -> primary(a) || primary(b) || restartFenced(a));
  }

  private static boolean primary(LocalPgCluster c) {
    try {
      return c.isRunning() && "f".equals(c.sql("select pg_is_in_recovery()"));
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean restartFenced(LocalPgCluster a) {
    if (!a.isRunning()) {
      a.start();
    }
    return false;
  }

  // A cut link makes every SSH request wait for its connect timeout; 2 s keeps the test short and
  // is still far longer than a round trip on loopback.
  private static dev.baton.drivers.ssh.SshSettings quick(dev.baton.drivers.ssh.SshSettings s) {
    return new dev.baton.drivers.ssh.SshSettings(
        s.knownHostsFile(),
        s.identityFiles(),
        s.agentSocket(),
        s.configFile(),
        Duration.ofSeconds(2),
        s.defaultCommandTimeout());
  }

  private static String nodeAOverSsh(String topology, String host, LocalSshd sshd) {
    String local = "  - name: node-a\n    side: A\n    transport: local\n";
    assertTrue(topology.contains(local), topology);
    return topology.replace(
        local,
        "  - name: node-a\n    side: A\n    transport: ssh\n    host: "
            + host
            + "\n    port: "
            + sshd.port()
            + "\n    user: root\n");
  }

  @Test
  void isolatingTheOldPrimaryBeforeAnyStepOfASwitchoverLosesNothingAndNeverMakesTwoActives()
      throws Exception {
    int steps = stepsOfASwitchover();
    List<String> outcomes = new ArrayList<>();
    for (int k = 1; k <= steps; k++) {
      long t0 = System.nanoTime();
      outcomes.add(isolatedBefore(k) + " [" + (System.nanoTime() - t0) / 1_000_000 + " ms]");
    }
    outcomes.forEach(System.out::println);
    assertEquals(steps, outcomes.size());
  }

  private int stepsOfASwitchover() throws Exception {
    try (LocalPgPair pair = LocalPgPair.start(PgBinaries.debian())) {
      Path file = java.nio.file.Files.writeString(home.resolve("t.yaml"), pair.topologyYaml());
      var t = dev.baton.topology.TopologyLoader.load(file).topology();
      return dev.baton.strategy.Strategies.named("switchover")
          .orElseThrow()
          .plan(t, dev.baton.facts.Facts.empty(), new Goal(null, Map.of()))
          .steps()
          .size();
    }
  }

  /** Cuts the link as the chosen step starts, before it observes or acts. */
  private static final class CutBefore implements EngineListener {
    private final int index;
    private final NetNamespace.Link link;
    private int started;
    String stepId = "(never reached)";

    CutBefore(int index, NetNamespace.Link link) {
      this.index = index;
      this.link = link;
    }

    @Override
    public void stepStarted(Step step) {
      if (++started == index) {
        stepId = step.id();
        link.cut();
      }
    }
  }
}
