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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
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
    return start(sshd, yaml -> yaml);
  }

  private PgScenario start(LocalSshd sshd, UnaryOperator<String> edit) throws Exception {
    LocalPgPair pair = LocalPgPair.start(PgBinaries.debian());
    LocalHaproxy lb = HaproxyFront.start(pair);
    String url = HaproxyFront.clientUrl(lb);
    Home h = new Home(home);
    return PgScenario.start(
        home,
        pair,
        HaproxyFront.topology(overSsh(edit.apply(pair.topologyYaml()), sshd), lb),
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
   * discover over SSH: given the primary, it finds the standby among the postmasters on the host
   * its standby connects from, reads both members through the SSH session (files, owner, running
   * binaries), and writes a topology whose nodes are reached over SSH and which checks clean.
   */
  @Test
  void discoverOverSshWritesATopologyThatChecksClean() throws Exception {
    try (LocalSshd sshd = LocalSshd.start();
        LocalPgPair pair = LocalPgPair.start(PgBinaries.debian())) {
      java.util.Map<String, dev.baton.drivers.transport.Transport> open = new java.util.HashMap<>();
      String yaml;
      try {
        yaml =
            new dev.baton.drivers.postgresql.PgDiscovery(
                    new dev.baton.drivers.postgresql.PgDiscovery.Request(
                        pair.pgA().host(),
                        pair.pgA().port(),
                        "postgres",
                        "postgres",
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.of(
                            new dev.baton.drivers.postgresql.PgDiscovery.SshLogin(
                                "root", sshd.port()))),
                    h ->
                        open.computeIfAbsent(
                            h,
                            x ->
                                new dev.baton.drivers.ssh.SshTransport(
                                    new dev.baton.model.Node(
                                        "n",
                                        "A",
                                        dev.baton.model.Transport.SSH,
                                        x,
                                        sshd.port(),
                                        "root"),
                                    sshd.settings())))
                .discover("pg-pair", java.util.Optional.empty());
      } finally {
        open.values().forEach(dev.baton.drivers.transport.Transport::close);
      }
      assertTrue(yaml.contains("transport: ssh"), yaml);
      assertTrue(yaml.contains("port: " + sshd.port()), yaml);
      assertTrue(yaml.contains("dataDir: \"" + pair.pgB().dataDir() + "\""), yaml);
      assertTrue(yaml.contains("applicationName: \"pg-b\""), yaml);
      Path file = Files.writeString(home.resolve("discovered.yaml"), yaml);
      dev.baton.model.Topology t = dev.baton.topology.TopologyLoader.load(file).topology();
      try (dev.baton.engine.Driver d = Drivers.forTopology(t, new Home(home), sshd.settings())) {
        List<dev.baton.engine.CheckLine> lines = d.check(t);
        assertTrue(
            lines.stream().noneMatch(dev.baton.engine.CheckLine::isProblem), lines.toString());
        assertTrue(lines.size() >= 8, lines.toString());
        // Counted while the driver still holds its sessions: sshd's children leave with them.
        assertTrue(sshd.connections() >= 1, "the hosts were reached over SSH");
      }
    }
  }

  /**
   * The SSH link drops while the old primary is being started as a standby: the run halts with the
   * outcome unknown, and resume re-observes, finding the step done instead of running it again.
   */
  @Test
  void aDroppedSshLinkMidStepHaltsAndResumeReobserves() throws Exception {
    try (StartGate gate = StartGate.around(PgBinaries.debian());
        LocalSshd sshd = LocalSshd.start();
        PgScenario s = start(sshd, gate::intoTopology)) {
      s.awaitAcks(100);
      PgScenario.Window w =
          s.run("switchover", new Goal(null, Map.of()), new DropDuringRejoin(sshd, gate));
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

  /**
   * PostgreSQL's binaries with a {@code pg_ctl} in front that, for {@code start}, says so in a file
   * and waits (bounded) until the test lets it go: the test drops the link while the command is
   * certainly running, however busy the machine is, instead of racing a short-lived process.
   */
  private record StartGate(PgBinaries real, Path dir) implements AutoCloseable {

    static StartGate around(PgBinaries real) throws Exception {
      Path dir = Files.createTempDirectory("baton-pgctl-gate-");
      try (var files = Files.list(real.binDir())) {
        for (Path p : files.toList()) {
          if (!p.getFileName().toString().equals("pg_ctl")) {
            Files.createSymbolicLink(dir.resolve(p.getFileName()), p);
          }
        }
      }
      Path flags = Files.createDirectory(dir.resolve("flags"));
      Path pgCtl = dir.resolve("pg_ctl");
      Files.writeString(
          pgCtl,
          String.join(
              "\n",
              "#!/bin/sh",
              "case \" $* \" in *\" start \"*)",
              "  touch '" + flags.resolve("started") + "'",
              "  i=0",
              "  while [ ! -e '" + flags.resolve("release") + "' ] && [ $i -lt 600 ]; do",
              "    sleep 0.1; i=$((i+1))",
              "  done;;",
              "esac",
              "exec '" + real.path("pg_ctl") + "' \"$@\"",
              ""));
      // The tools run as postgres: the gate must be readable, and its flags writable, by it.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(pgCtl, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(flags, PosixFilePermissions.fromString("rwxrwxrwx"));
      return new StartGate(real, dir);
    }

    /** The topology with this gate as the binary directory of the real build's version. */
    String intoTopology(String yaml) {
      String line = "bin." + real.version() + ": \"" + real.binDir() + "\"";
      assertTrue(yaml.contains(line), yaml);
      return yaml.replace(line, "bin." + real.version() + ": \"" + dir + "\"");
    }

    boolean startRunning() {
      return Files.exists(dir.resolve("flags").resolve("started"));
    }

    void release() throws Exception {
      Files.writeString(dir.resolve("flags").resolve("release"), "");
    }

    @Override
    public void close() throws Exception {
      release();
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Drops every SSH connection while the rejoining server's pg_ctl start waits at the gate, then
   * lets it go on (bounded waits).
   */
  private record DropDuringRejoin(LocalSshd sshd, StartGate gate) implements EngineListener {
    @Override
    public void stepStarted(Step step) {
      if (!step.id().startsWith("rejoin-")) {
        return;
      }
      Thread t =
          new Thread(
              () -> {
                try {
                  Poll.until(
                      Duration.ofSeconds(60), "pg_ctl start at the gate", gate::startRunning);
                  sshd.dropConnections();
                } finally {
                  try {
                    gate.release();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void stepDecided(Step step, Decision d, Duration took) {}
  }
}
