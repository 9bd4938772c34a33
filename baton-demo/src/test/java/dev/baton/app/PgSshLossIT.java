package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.demo.bench.PgScenario;
import dev.baton.drivers.postgresql.PostgresDriver;
import dev.baton.drivers.ssh.SshSettings;
import dev.baton.drivers.transport.TimedDriver;
import dev.baton.drivers.transport.Transports;
import dev.baton.engine.DriverException;
import dev.baton.engine.EngineListener;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.testkit.Poll;
import dev.baton.testkit.net.DelayRelay;
import dev.baton.testkit.net.NetNamespace;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.ssh.DuplicateCommandsChecker;
import dev.baton.testkit.ssh.LocalSshd;
import dev.baton.testkit.ssh.TaggedCommands;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability matrix row 9: switchovers with both nodes reached over an SSH link that loses 30% of
 * its packets each way (nftables in a network namespace the link crosses) and adds 200 ms to every
 * round trip (a delaying relay). Every run must finish, or stop with a sentence; the node records
 * every command it receives, and none may arrive twice; and the workload loses nothing and never
 * sees two primaries. A run that stops is resumed, which re-observes before it acts.
 *
 * <p>CI runs one switchover (about two minutes over this link: every SQL query crosses it too,
 * through an SSH port forward); the matrix's 20 run with {@code -Dbaton.lossRuns=20} (or {@code
 * BATON_LOSS_RUNS=20}).
 */
class PgSshLossIT {

  private static final int DEFAULT_RUNS = 1;
  private static final int LOSS_PERCENT = 30;
  private static final Duration DELAY_EACH_WAY = Duration.ofMillis(100);
  // A stopped run is resumed at most this often before the test gives up on it.
  private static final int RESUMES = 6;
  private static final Set<RunStatus> CLEAN_ENDS =
      Set.of(RunStatus.DONE, RunStatus.HALTED, RunStatus.FAILED);

  @TempDir Path home;

  /** How one switchover ended: its first ending, how many resumes it took, its wall time. */
  private record RunFigures(int run, RunStatus first, String sentence, int resumes, long ms) {
    String json() {
      return "{\"run\":"
          + run
          + ",\"first\":\""
          + first
          + "\",\"resumes\":"
          + resumes
          + ",\"ms\":"
          + ms
          + "}";
    }
  }

  @Test
  void switchoversOverALossySlowSshLinkFinishOrStopCleanlyAndNeverRepeatACommand()
      throws Exception {
    int runs = Integer.getInteger("baton.lossRuns", envRuns());
    assertTrue(runs > 0, "baton.lossRuns must be at least 1, not " + runs);
    TaggedCommands tagged = new TaggedCommands();
    List<Transports> opened = new ArrayList<>();
    try (NetNamespace ns = NetNamespace.create("loss")) {
      NetNamespace.Link link = ns.link();
      try (LocalSshd sshd = LocalSshd.startRecording(link.hostAddress())) {
        // Baton -> relay (100 ms each way) -> the namespace (30% dropped each way) -> sshd.
        link.leadBack(sshd.port(), sshd.port());
        link.dropRandomly(LOSS_PERCENT);
        try (DelayRelay relay =
            DelayRelay.start(
                new InetSocketAddress(link.nsAddress(), sshd.port()), DELAY_EACH_WAY)) {
          SshSettings ssh = sshd.settingsFor("127.0.0.1", relay.port());
          LocalPgPair pair = LocalPgPair.start(PgBinaries.debian());
          try (PgScenario s =
              PgScenario.start(
                  home,
                  pair,
                  overSsh(pair.topologyYaml(), relay.port()),
                  pair.multiHostUrl(),
                  t -> {
                    Transports tr = new Transports(t, ssh);
                    opened.add(tr);
                    return new TimedDriver(
                        new PostgresDriver(tagged.around(tr), Clock.systemUTC()), tr.clock());
                  },
                  List.of())) {
            s.awaitAcks(100);
            long t0 = System.nanoTime();
            List<RunFigures> figures = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
              figures.add(switchover(s, i));
              s.awaitMoreAcks(20);
            }
            long totalMs = (System.nanoTime() - t0) / 1_000_000;
            PgScenario.Verdict v = s.finish();
            DuplicateCommandsChecker.Result dup =
                DuplicateCommandsChecker.check(sshd.commandRecord(), tagged.sent());
            System.out.println(summary(figures, totalMs, dup, relay));
            assertTrue(dup.ok(), dup.summary());
            assertTrue(dup.received() > 0, "the node recorded the commands it received");
            assertEquals(0, v.lost().lost().size(), v.lost().summary());
            assertTrue(v.twoActives().ok(), v.twoActives().summary());
            assertTrue(relay.served() > 0, "Baton reached the nodes through the slow, lossy link");
          }
        }
      } finally {
        opened.forEach(Transports::close);
      }
    }
  }

  /**
   * One switchover: it must end DONE, HALTED or FAILED with a sentence (never an exception); one
   * that stops is resumed until it is done, as an operator would after reading the sentence.
   */
  private static RunFigures switchover(PgScenario s, int i) throws Exception {
    long t0 = System.nanoTime();
    PgScenario.Window w = start(s, i);
    RunStatus first = w.result().status();
    String sentence = w.result().sentence();
    if (first != RunStatus.DONE) {
      System.out.println("PgSshLossIT run " + i + " stopped: " + first + ": " + sentence);
    }
    int resumes = 0;
    while (w.result().status() != RunStatus.DONE) {
      assertClean(i, w);
      String last = w.result().status() + ": " + w.result().sentence();
      assertTrue(
          resumes < RESUMES,
          "switchover " + i + " still not done: " + sentence + "; last: " + last);
      resumes++;
      // As an operator would: resume once every running server answers again. A server that just
      // failed to answer in time is not asked again for a few seconds; a resume sooner halts again.
      Poll.until(Duration.ofSeconds(60), "every running server answering", () -> answering(s));
      System.out.println(
          "PgSshLossIT run " + i + " resume " + resumes + " after " + last + "; seen: " + seen(s));
      w = s.resume(w.runId());
    }
    RunFigures f =
        new RunFigures(i, first, sentence, resumes, (System.nanoTime() - t0) / 1_000_000);
    // One line per run, so the figures so far survive a later failure.
    System.out.println("PgSshLossIT " + f.json() + (first == RunStatus.DONE ? "" : " " + sentence));
    return f;
  }

  /** What an observation says of each server now, for the output of a run that stopped. */
  private static String seen(PgScenario s) {
    try {
      dev.baton.facts.Facts f = s.observe();
      return Stream.of("pg-a", "pg-b")
          .map(
              c ->
                  c
                      + " "
                      + f.service(c).map(Object::toString).orElse("service ?")
                      + " "
                      + f.role(c).orElse("role ?")
                      + " "
                      + f.version(c).map(Object::toString).orElse("version ?"))
          .toList()
          .toString();
    } catch (DriverException e) {
      return "not observed: " + e.getMessage();
    }
  }

  /** Whether each server is seen either stopped (a halted run may leave one so) or in a role. */
  private static boolean answering(PgScenario s) throws DriverException {
    dev.baton.facts.Facts f = s.observe();
    return Stream.of("pg-a", "pg-b")
        .allMatch(
            c ->
                f.service(c).orElse(null) == dev.baton.facts.ServiceState.STOPPED
                    || f.role(c).isPresent());
  }

  /**
   * Plans and runs a switchover. Planning observes over the same link; an observation that fails
   * there sent no action, so the switchover is planned again (bounded) rather than counted.
   */
  private static PgScenario.Window start(PgScenario s, int i) throws Exception {
    DriverException last = null;
    for (int attempt = 0; attempt < RESUMES; attempt++) {
      try {
        return s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
      } catch (DriverException e) {
        last = e;
        Poll.until(Duration.ofSeconds(60), "the pair observable again", () -> observable(s));
      }
    }
    throw new AssertionError("switchover " + i + " could not be planned: " + last.getMessage());
  }

  private static boolean observable(PgScenario s) throws DriverException {
    s.observe();
    return true;
  }

  private static void assertClean(int i, PgScenario.Window w) {
    String sentence = w.result().sentence();
    String what = "switchover " + i + " ended " + w.result().status() + ": " + sentence;
    assertTrue(CLEAN_ENDS.contains(w.result().status()), what);
    assertFalse(sentence == null || sentence.isBlank(), what);
    // A sentence, not a stack trace nor an exception's toString().
    assertFalse(
        sentence.contains("\tat ") || sentence.matches("(?s)[\\w.$]+(Exception|Error)\\b.*"), what);
  }

  private static String summary(
      List<RunFigures> figures, long totalMs, DuplicateCommandsChecker.Result dup, DelayRelay r) {
    long finished = figures.stream().filter(f -> f.first() == RunStatus.DONE).count();
    List<String> stops =
        figures.stream()
            .filter(f -> f.first() != RunStatus.DONE)
            .map(f -> "\"" + f.first() + ": " + f.sentence().replace("\"", "'") + "\"")
            .toList();
    return "{\"row\":9,\"lossPercent\":"
        + LOSS_PERCENT
        + ",\"rttMs\":"
        + DELAY_EACH_WAY.toMillis() * 2
        + ",\"runs\":"
        + figures.size()
        + ",\"finished\":"
        + finished
        + ",\"halted\":"
        + (figures.size() - finished)
        + ",\"totalMs\":"
        + totalMs
        + ",\"commandsSent\":"
        + dup.sent()
        + ",\"duplicated\":"
        + dup.duplicated().size()
        + ",\"neverArrived\":"
        + dup.neverArrived()
        + ",\"outcomeUnknown\":"
        + dup.outcomeUnknown()
        + ",\"sshConnections\":"
        + r.served()
        + ",\"perRun\":["
        + String.join(",", figures.stream().map(RunFigures::json).toList())
        + "],\"stops\":["
        + String.join(",", stops)
        + "]}";
  }

  private static int envRuns() {
    String v = System.getenv("BATON_LOSS_RUNS");
    return v == null || v.isBlank() ? DEFAULT_RUNS : Integer.parseInt(v.strip());
  }

  /** Both nodes over SSH through the relay on this machine's loopback. */
  private static String overSsh(String topology, int port) {
    assertTrue(topology.contains("    transport: local\n"), topology);
    return topology.replace(
        "    transport: local\n",
        "    transport: ssh\n    host: 127.0.0.1\n    port: " + port + "\n    user: root\n");
  }
}
