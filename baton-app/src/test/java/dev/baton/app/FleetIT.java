package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.sim.SimAction;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.fleet.FleetStatus;
import dev.baton.fleet.SystemState;
import dev.baton.fleet.SystemStatus;
import dev.baton.journal.FleetJournal;
import dev.baton.plan.Verb;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Matrix row 14: a fleet of simulated systems on a real PostgreSQL journal, run by three worker
 * processes in waves (a canary, 10%, the rest), with a worker killed or frozen past its lease, a
 * failure budget spent, and a cross-system limit.
 */
class FleetIT {

  private static final Duration TTL = Duration.ofSeconds(3);
  private static final Duration FLEET_BOUND = Duration.ofMinutes(5);

  private static Path root;
  private static LocalPgCluster pg;
  private FleetLab lab;

  @BeforeAll
  static void startServer() throws Exception {
    // Short, because the server's Unix socket lives under it.
    root = Files.createTempDirectory(Path.of("/tmp"), "bfl-");
    pg = FleetLab.server(root);
  }

  @AfterAll
  static void stopServer() {
    FleetLab.shutDown(pg, root);
  }

  @AfterEach
  void stopWorkers() {
    if (lab != null) {
      lab.close();
    }
  }

  private static String fleetFile(String name, String extra) {
    return """
        fleet: %s
        systems:
          - topology: systems/core-*.yaml
            strategy: full-stop
            to: "2.0"
            tags: [core]
          - topology: systems/edge-*.yaml
            strategy: full-stop
            to: "2.0"
        rollout:
          waves: [1, "10%%", rest]
          yes: true
        %s"""
        .formatted(name, extra);
  }

  /** Given 60 systems, 20 of them tagged core with at most 2 mid-upgrade at once. */
  private void sixtySystems(String name, String extra, List<Integer> failingEdges)
      throws Exception {
    lab = FleetLab.on(pg, root, root);
    lab.systems("core", 20, List.of());
    lab.systems("edge", 40, failingEdges);
    Cli.Result applied = lab.apply(fleetFile(name, extra));
    assertEquals(0, applied.code(), applied.toString());
    assertTrue(applied.out().contains("60 systems in 3 waves (1, 6, 53)"), applied.out());
  }

  @Test
  void aKilledWorkersSystemsAreTakenOverAndEveryNonIdempotentActionRunsOnce() throws Exception {
    sixtySystems("killed", "limits:\n  - {tag: core, max: 2}\n", List.of());
    List<FleetLab.Worker> workers = threeWorkers();
    FleetLab.Worker victim = workers.get(1);

    // When the second worker is SIGKILLed in the middle of the last wave
    awaitRunning("killed", victim.name(), 3);
    victim.signal("KILL");

    // Then the others take its systems over and every system finishes
    FleetStatus end = awaitSettled("killed");
    assertEquals(60, end.counts().get(SystemState.DONE), end.sentence());
    assertTrue(
        end.systems().stream().anyMatch(s -> s.epoch() >= 2),
        "a system was taken over under a new epoch");
    for (SystemStatus s : end.systems()) {
      assertEquals(
          Map.of("backup db", 1L, "install db", 1L),
          nonIdempotentActions(s.system()),
          s.system() + " ran each non-idempotent action once");
    }
    // And the tag's limit held throughout, by the claims and by the runs' own records
    // (and was reached, so it was the limit that held them back, not a lack of workers)
    int claims = mostAtOnce(claimIntervals(end, "core-"));
    assertEquals(2, claims, "most core systems claimed at once");
    int runs = mostAtOnce(runIntervals(end, "core-"));
    assertTrue(runs <= 2, "most core systems' runs at once: " + runs);
  }

  @Test
  void aWorkerFrozenPastItsLeaseIsFencedOffWhenItWakesAndSendsNothingMore() throws Exception {
    sixtySystems("frozen", "", List.of());
    List<FleetLab.Worker> workers = threeWorkers();
    FleetLab.Worker frozen = workers.get(1);

    // When the second worker is frozen (SIGSTOP) mid-wave, past its lease
    awaitRunning("frozen", frozen.name(), 3);
    frozen.signal("STOP");
    Instant stoppedAt = Instant.now();
    Map<String, Long> held = heldBy(lab.status("frozen"), frozen.name());
    assertTrue(!held.isEmpty(), "the frozen worker held systems");

    // and every system it held is taken over by another worker under a newer epoch
    Poll.every(Duration.ofMillis(200))
        .until(
            FLEET_BOUND,
            "the frozen worker's systems to be taken over",
            () -> takenOver(lab.status("frozen"), held));
    frozen.signal("CONT");

    // Then the fleet finishes without it, and it says in one sentence why it stopped
    FleetStatus end = awaitSettled("frozen");
    assertEquals(60, end.counts().get(SystemState.DONE), end.sentence());
    lab.awaitWorkersEnd(FLEET_BOUND);
    List<String> lines = List.of(frozen.output().split("\n"));
    List<String> refused = new ArrayList<>();
    for (String system : held.keySet()) {
      List<String> about = lines.stream().filter(l -> l.startsWith(system + ": ")).toList();
      assertEquals(1, about.size(), system + " in " + frozen.output());
      String line = about.get(0);
      assertTrue(line.startsWith(system + ": lost: "), line);
      if (line.contains(": lost: the journal refused a write under epoch " + held.get(system))) {
        refused.add(line);
        assertTrue(line.endsWith("holds now; stopped issuing actions"), "one sentence: " + line);
      }
    }
    assertTrue(!refused.isEmpty(), "its next journal write was refused: " + frozen.output());
    // And it sent no action to a system it had lost
    for (String system : held.keySet()) {
      // (every action names its sender, or the filter below could find nothing and prove nothing)
      assertTrue(lab.actions(system).stream().allMatch(a -> a.pid() != null), system);
      List<SimAction> late =
          lab.actions(system).stream()
              .filter(a -> a.pid() == frozen.pid())
              .filter(a -> Instant.parse(a.time()).isAfter(stoppedAt))
              .toList();
      // (an action handed over before the freeze may complete when it wakes: it was sent before)
      assertEquals(List.of(), late, system + ": actions sent by the frozen worker after it froze");
      // ADR 0028's limit: an action handed over just before the freeze lands when the worker
      // wakes, possibly after the new holder re-observed and acted, and then it is done twice.
      // Only that is forgiven, at most once per system: the frozen worker's action, handed over
      // before the freeze and landed after it.
      List<SimAction> inFlight = inFlightAtFreeze(lab.actions(system), frozen.pid(), stoppedAt);
      assertTrue(inFlight.size() <= 1, system + ": in flight at the freeze: " + inFlight);
      if (!inFlight.isEmpty()) {
        System.out.println("FleetIT: " + system + ": in flight at the freeze: " + inFlight);
      }
      List<SimAction> rest = new ArrayList<>(lab.actions(system));
      rest.removeAll(inFlight);
      assertEquals(
          Map.of("backup db", 1L, "install db", 1L),
          nonIdempotentActions(rest),
          system + " ran each non-idempotent action once, but for one in flight at the freeze");
    }
  }

  @Test
  void aSpentFailureBudgetStopsNewStartsLetsRunningOnesFinishAndSaysWhy() throws Exception {
    // Given three systems that fail their upgrade, and a failure budget of two
    sixtySystems("budget", "  failureBudget: 2\n", List.of(10, 20, 38));
    threeWorkers();

    FleetStatus end = awaitSettled("budget");

    // Then no system started after the second failure; the ones running then finished
    List<SystemStatus> failures = end.failures();
    assertTrue(failures.size() >= 2, end.sentence());
    Instant second = failures.get(1).finishedAt();
    for (SystemStatus s : end.systems()) {
      if (s.claimedAt() != null) {
        assertTrue(!s.claimedAt().isAfter(second), s.system() + " started after the 2nd failure");
        assertTrue(s.state().finished(), s.system() + " finished: " + s.state());
      } else {
        assertEquals(SystemState.PENDING, s.state(), s.system());
      }
    }
    assertTrue(end.counts().get(SystemState.PENDING) > 0, "the rest stay pending");
    // And fleet status says why
    Cli.Result shown = lab.cli("fleet", "status", "budget");
    assertEquals(0, shown.code(), shown.toString());
    String first = shown.out().lines().findFirst().orElseThrow();
    assertTrue(
        first.startsWith("fleet budget: stopped starting systems: " + failures.size())
            && first.contains(" of a failure budget of 2 failed or halted (")
            && first.endsWith(end.counts().get(SystemState.PENDING) + " stay pending"),
        first);
  }

  // ---- steps ----

  private List<FleetLab.Worker> threeWorkers() throws Exception {
    List<FleetLab.Worker> out = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      out.add(lab.worker("w" + i, TTL));
    }
    return out;
  }

  /**
   * Waits until {@code worker} is in the middle of a run of a system of wave {@code wave} (counting
   * from 1): claimed, and its run started.
   */
  private void awaitRunning(String fleet, String worker, int wave) {
    Poll.every(Duration.ofMillis(100))
        .until(
            FLEET_BOUND,
            worker + " to run a system of wave " + wave,
            () ->
                lab.status(fleet).systems().stream()
                    .anyMatch(
                        s ->
                            s.wave() + 1 == wave
                                && s.state() == SystemState.RUNNING
                                && s.runId() != null
                                && worker.equals(s.worker())));
  }

  private FleetStatus awaitSettled(String fleet) {
    Poll.every(Duration.ofMillis(500))
        .until(
            FLEET_BOUND,
            "fleet " + fleet + " to settle",
            () -> {
              try (FleetJournal j = lab.journal()) {
                return j.fleets().settled(fleet);
              }
            });
    return lab.status(fleet);
  }

  /** The systems {@code worker} runs now, with the epoch it holds each under. */
  private static Map<String, Long> heldBy(FleetStatus status, String worker) {
    return status.systems().stream()
        .filter(s -> s.state() == SystemState.RUNNING && worker.equals(s.worker()))
        .collect(Collectors.toMap(SystemStatus::system, SystemStatus::epoch));
  }

  private static boolean takenOver(FleetStatus status, Map<String, Long> held) {
    return status.systems().stream()
        .filter(s -> held.containsKey(s.system()))
        .allMatch(s -> s.epoch() > held.get(s.system()));
  }

  /** How often each non-idempotent action ({@code verb target}) reached the system. */
  private Map<String, Long> nonIdempotentActions(String system) {
    return nonIdempotentActions(lab.actions(system));
  }

  private static Map<String, Long> nonIdempotentActions(List<SimAction> actions) {
    return actions.stream()
        .filter(a -> Verb.parse(a.verb()).map(v -> !v.idempotent()).orElse(true))
        .collect(Collectors.groupingBy(a -> a.verb() + " " + a.target(), Collectors.counting()));
  }

  /** The frozen worker's actions that it handed over before it froze and that landed after. */
  private static List<SimAction> inFlightAtFreeze(
      List<SimAction> log, long frozenPid, Instant stoppedAt) {
    return log.stream()
        .filter(a -> a.pid() != null && a.pid() == frozenPid && a.landed() != null)
        .filter(a -> !Instant.parse(a.time()).isAfter(stoppedAt))
        .filter(a -> Instant.parse(a.landed()).isAfter(stoppedAt))
        .toList();
  }

  // ---- limits from timestamps ----

  private static List<Instant[]> claimIntervals(FleetStatus status, String prefix) {
    return status.systems().stream()
        .filter(s -> s.system().startsWith(prefix))
        .map(s -> new Instant[] {s.claimedAt(), s.finishedAt()})
        .toList();
  }

  /** Each run's first and last journal record of the systems whose names start with prefix. */
  private List<Instant[]> runIntervals(FleetStatus status, String prefix) {
    try (FleetJournal j = lab.journal()) {
      List<Instant[]> out = new ArrayList<>();
      for (SystemStatus s : status.systems()) {
        if (s.system().startsWith(prefix)) {
          List<JournalEvent> events = j.events(s.runId());
          assertEquals(EventType.RUN_STARTED, events.get(0).type(), s.system());
          out.add(new Instant[] {events.get(0).at(), events.get(events.size() - 1).at()});
        }
      }
      return out;
    }
  }

  /** The most intervals open at one moment; an interval ends before one that starts with it. */
  static int mostAtOnce(List<Instant[]> intervals) {
    List<Object[]> edges = new ArrayList<>();
    for (Instant[] i : intervals) {
      edges.add(new Object[] {i[0], 1});
      edges.add(new Object[] {i[1], -1});
    }
    edges.sort(
        Comparator.comparing((Object[] e) -> (Instant) e[0]).thenComparing(e -> (Integer) e[1]));
    int now = 0;
    int most = 0;
    for (Object[] e : edges) {
      now += (Integer) e[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
