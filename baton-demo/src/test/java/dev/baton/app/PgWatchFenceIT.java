package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.testkit.Poll;
import dev.baton.testkit.net.NetNamespace;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.ssh.LocalSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton watch} when the primary cannot be reached at all (matrix row 16): Baton reaches
 * pg-a's node only over SSH through a link the test cuts, so nothing Baton can do on the node stops
 * it. Without a fence method that works from outside, watch alerts and does not promote; with a
 * fence agent, it promotes only once the agent's {@code off} and then {@code status} have proven
 * pg-a off, and the journal holds the agent's output. The test's agent is a small program speaking
 * the ClusterLabs protocol that kills pg-a's postmaster as a power switch would.
 */
class PgWatchFenceIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  // A fence agent for this test (ClusterLabs protocol: options on stdin; off 0/1; status 0 on, 2
  // off, 1 cannot tell). mode=fail answers 1 as a device that cannot be reached would; mode=hang
  // never ends. "off" kills the postmaster of datadir= and its children at once, as a power-off.
  private static final String AGENT =
      """
      #!/bin/sh
      input=$(cat)
      opt() { printf '%s\\n' "$input" | sed -n "s/^$1=//p" | tail -1; }
      action=$(opt action); mode=$(opt mode); datadir=$(opt datadir)
      echo "fence_test: action=$action nodename=$(opt nodename) mode=$mode"
      case "$mode" in
        fail) echo "fence_test: cannot reach the fence device" >&2; exit 1;;
        hang) sleep 120; exit 0;;
      esac
      pid=$(head -1 "$datadir/postmaster.pid" 2>/dev/null)
      alive() { [ -n "$pid" ] && ps -o stat= -p "$pid" 2>/dev/null | grep -qv '^Z'; }
      case "$action" in
        off)
          if alive; then
            pkill -KILL -P "$pid"; kill -KILL "$pid"
            i=0; while alive && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
            echo "fence_test: killed postmaster $pid and its children"
          else
            echo "fence_test: already off"
          fi
          alive && exit 1; exit 0;;
        status)
          if alive; then echo "Status: ON"; exit 0; fi
          echo "Status: OFF"; exit 2;;
      esac
      exit 1
      """;

  @TempDir Path home;

  /** A pair whose primary Baton reaches only over SSH through {@code cluster}. */
  private record Lab(
      NetNamespace.Link cluster, LocalSshd sshd, LocalPgPair pair, String aForClients) {}

  private interface LabTest {
    void run(Lab lab) throws Exception;
  }

  private void inLab(String tag, LabTest test) throws Exception {
    try (NetNamespace ns = NetNamespace.create(tag)) {
      NetNamespace.Link cluster = ns.link();
      NetNamespace.Link clients = ns.link();
      try (LocalSshd sshd = LocalSshd.startIn(ns.exec(), cluster.nsAddress())) {
        LocalPgPair pair =
            LocalPgPair.startWithPrimaryIn(
                PgBinaries.debian(),
                LocalPgPair.Options.defaults().withSynchronous(true),
                ns,
                cluster,
                clients);
        test.run(new Lab(cluster, sshd, pair, clients.nsAddress() + ":" + pair.pgA().port()));
      }
    }
  }

  private Path agent() throws Exception {
    Path a = home.resolve("fence_test");
    if (!Files.exists(a)) {
      Files.writeString(a, AGENT);
      Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return a;
  }

  /** The pair's topology with node-a over SSH and pg-a's fencing properties. */
  private static String topology(Lab lab, Map<String, String> fencing) {
    String t = lab.pair().topologyYaml();
    String local = "  - name: node-a\n    side: A\n    transport: local\n";
    assertTrue(t.contains(local), t);
    t =
        t.replace(
            local,
            "  - name: node-a\n    side: A\n    transport: ssh\n    host: "
                + lab.cluster().nsAddress()
                + "\n    port: "
                + lab.sshd().port()
                + "\n    user: root\n");
    StringBuilder props = new StringBuilder("    properties:\n");
    fencing.forEach(
        (k, v) -> props.append("      ").append(k).append(": \"").append(v).append("\"\n"));
    int first = t.indexOf("    properties:\n");
    return t.substring(0, first) + props + t.substring(first + "    properties:\n".length());
  }

  private Map<String, String> env(Lab lab) {
    return Map.of(
        "BATON_SSH_KNOWN_HOSTS", lab.sshd().settings().knownHostsFile().toString(),
        "BATON_SSH_IDENTITY", lab.sshd().settings().identityFiles().get(0).toString(),
        "BATON_SSH_CONNECT_TIMEOUT", "2s");
  }

  private Process watch(Lab lab, Path dir, Path topology) throws Exception {
    return Cli.start(
        dir,
        env(lab),
        "watch",
        topology.toString(),
        "--home",
        dir.toString(),
        "--heartbeat",
        "250ms",
        "--timeout",
        "2s",
        "--for",
        "120s",
        "--on-failure",
        "switchover");
  }

  private static String out(Path dir) throws Exception {
    Path p = dir.resolve("child.out");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  /** Starts a watch, waits until it sees pg-a alive, cuts the link, and waits for its end. */
  private String watchThroughACut(Lab lab, Path dir, Path topology) throws Exception {
    Process watcher = watch(lab, dir, topology);
    try {
      try {
        Poll.until(WAIT, "the watcher to see pg-a alive", () -> out(dir).contains(" pg-a alive"));
      } catch (IllegalStateException e) {
        throw new AssertionError("the watcher never saw pg-a alive:\n" + out(dir), e);
      }
      lab.cluster().cut();
      if (!watcher.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the watch did not end within " + WAIT + ":\n" + out(dir));
      }
      return out(dir) + "\nexit " + watcher.exitValue() + "\n" + errOf(dir);
    } finally {
      watcher.destroyForcibly();
      watcher.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String errOf(Path dir) throws Exception {
    Path p = dir.resolve("child.err");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private static void assertNotPromoted(Lab lab, String report, String why) throws Exception {
    System.out.println("PgWatchFenceIT " + why + ":\n" + report);
    assertTrue(report.contains("failover: not done"), report);
    assertTrue(report.contains("no fence method proved pg-a stopped"), report);
    assertTrue(report.contains("alert (failover)"), "watch alerts: " + report);
    assertNotEquals("exit 0", lastExit(report), report);
    assertEquals("t", lab.pair().pgB().sql("select pg_is_in_recovery()"), "pg-b stays a standby");
    assertTrue(lab.pair().pgA().isRunning(), "pg-a was left running: nothing fenced it");
  }

  private static String lastExit(String report) {
    Matcher m = Pattern.compile("exit -?\\d+").matcher(report);
    String last = "";
    while (m.find()) {
      last = m.group();
    }
    return last;
  }

  /** Heals the cut and waits until pg-b streams from pg-a again, for the next watch. */
  private static void heal(Lab lab) {
    lab.cluster().restore();
    lab.pair().awaitStreaming(WAIT);
  }

  @Test
  void anUnreachablePrimaryIsNotPromotedUnlessAFenceMethodProvesItOff() throws Exception {
    inLab(
        "fenceno",
        lab -> {
          try (LocalPgPair pair = lab.pair()) {
            Path agent = agent();
            String dataDir = lab.pair().pgA().dataDir().toString();

            Path none = home.resolve("none");
            Files.createDirectories(none);
            Path t0 = Files.writeString(none.resolve("t.yaml"), topology(lab, Map.of()));
            String noMethod = watchThroughACut(lab, none, t0);
            assertNotPromoted(lab, noMethod, "no fence method");
            assertTrue(noMethod.contains("name a fence agent"), noMethod);
            heal(lab);

            Path failing = home.resolve("failing");
            Files.createDirectories(failing);
            Path t1 =
                Files.writeString(
                    failing.resolve("t.yaml"),
                    topology(
                        lab,
                        Map.of(
                            "fenceAgent",
                            agent.toString(),
                            "fenceOption.mode",
                            "fail",
                            "fenceOption.datadir",
                            dataDir)));
            Cli.Result check = Cli.child(failing, env(lab), "check", t1.toString());
            assertEquals(3, check.code(), check.toString());
            assertTrue(check.out().contains("it cannot ask its device"), check.toString());
            String exit1 = watchThroughACut(lab, failing, t1);
            assertNotPromoted(lab, exit1, "agent exits 1");
            assertTrue(exit1.contains("off failed (exit 1)"), exit1);
            heal(lab);

            Path hanging = home.resolve("hanging");
            Files.createDirectories(hanging);
            Path t2 =
                Files.writeString(
                    hanging.resolve("t.yaml"),
                    topology(
                        lab,
                        Map.of(
                            "fenceAgent",
                            agent.toString(),
                            "fenceTimeout",
                            "1s",
                            "fenceOption.mode",
                            "hang",
                            "fenceOption.datadir",
                            dataDir)));
            String timedOut = watchThroughACut(lab, hanging, t2);
            assertNotPromoted(lab, timedOut, "agent times out");
            assertTrue(timedOut.contains("off timed out after 1000 ms"), timedOut);
            heal(lab);
          }
        });
  }

  @Test
  void anUnreachablePrimaryIsPromotedOnceItsFenceAgentProvedItOffAndNothingIsLost()
      throws Exception {
    inLab(
        "fenceok",
        lab -> {
          Path agent = agent();
          String topology =
              topology(
                  lab,
                  Map.of(
                      "fenceAgent", agent.toString(),
                      "fenceOption.mode", "ok",
                      "fenceOption.datadir", lab.pair().pgA().dataDir().toString()));
          String b = lab.pair().pgB().host() + ":" + lab.pair().pgB().port();
          String url =
              "jdbc:postgresql://"
                  + lab.aForClients()
                  + ","
                  + b
                  + "/postgres?user=postgres&targetServerType=primary"
                  + "&connectTimeout=2&socketTimeout=5&loginTimeout=3&hostRecheckSeconds=0";
          Home h = new Home(home);
          try (PgScenario s =
              PgScenario.start(
                  home,
                  lab.pair(),
                  topology,
                  url,
                  List.of(
                      "jdbc:postgresql://" + lab.aForClients() + "/postgres?user=postgres",
                      lab.pair().pgB().jdbcUrl()),
                  t -> Drivers.forTopology(t, h, lab.sshd().settings()),
                  List.of())) {
            s.awaitAcks(100);
            Path checkDir = Files.createDirectories(home.resolve("check"));
            Cli.Result check =
                Cli.child(checkDir, env(lab), "check", home.resolve("topology.yaml").toString());
            assertEquals(0, check.code(), check.toString());
            assertTrue(check.out().contains("node-a is on"), check.toString());
            String report = watchThroughACut(lab, home, home.resolve("topology.yaml"));
            System.out.println("PgWatchFenceIT fenced by the agent:\n" + report);
            assertEquals("exit 0", lastExit(report), report);
            assertEquals("f", lab.pair().pgB().sql("select pg_is_in_recovery()"), "promoted");
            assertTrue(!lab.pair().pgA().isRunning(), "the agent's off stopped pg-a");

            Matcher run = Pattern.compile("\\(run (\\S+) done").matcher(report);
            assertTrue(run.find(), report);
            Path reportDir = home.resolve("report");
            Files.createDirectories(reportDir);
            Cli.Result md =
                Cli.child(
                    reportDir,
                    env(lab),
                    "report",
                    run.group(1),
                    "--home",
                    home.toString(),
                    "--format",
                    "md");
            assertEquals(0, md.code(), md.toString());
            assertTrue(md.out().contains("fenced by its fence agent"), md.out());
            assertTrue(md.out().contains("action=off: exit 0"), md.out());
            assertTrue(md.out().contains("fence_test: killed postmaster"), md.out());
            assertTrue(md.out().contains("action=status: exit 2 (off)"), md.out());

            s.awaitMoreAcks(50);
            long promoted = s.firstWritableAt(b);
            PgScenario.Verdict v = s.finish();
            long late = s.acknowledgedBy(lab.aForClients(), promoted).size();
            System.out.println(
                "PgWatchFenceIT: "
                    + v.lost().summary()
                    + "; "
                    + v.twoActives().summary()
                    + "; acknowledged by pg-a after pg-b took writes: "
                    + late);
            assertEquals(0, v.lost().lost().size(), v.lost().summary());
            assertTrue(v.twoActives().ok(), v.twoActives().summary());
            assertEquals(0, late);
            lab.cluster().restore();
          }
        });
  }
}
