package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.journal.SqliteJournal;
import dev.baton.testkit.dual.DualChecks;
import dev.baton.testkit.dual.DualSideLab;
import dev.baton.testkit.dual.SideWrite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002 on real parts: two PostgreSQL 16 sides, each with its own clients behind its own
 * PgBouncer, the main and report databases replicated both ways with origin = none, upgraded to 17
 * by full-stop and by split-side while both sides' clients write. The split's list of side B's
 * changes is compared with what side B's client had acknowledged, the failover pins with the
 * servers the clients reached, and a Baton killed at journal records must resume to the same end.
 */
class PgDualSideIT {

  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir Path home;
  private DualSideLab lab;

  @AfterEach
  void stopTheLab() {
    if (lab != null) {
      lab.close();
    }
  }

  private Path startLab() {
    lab = DualSideLab.start();
    return lab.writeTopology(home.resolve("dual-lab.yaml"));
  }

  private Cli.Result apply(Path topology, String strategy) {
    return Cli.inProcess(
        "apply",
        topology.toString(),
        "--strategy",
        strategy,
        "--to",
        lab.binaries17().version(),
        "--yes",
        "--home",
        home.toString());
  }

  @Test
  void fullStopUpgradesBothSidesAndEveryAcknowledgedWriteIsOnBoth() throws Exception {
    Path topology = startLab();
    lab.startClient("A");
    lab.startClient("B");
    lab.awaitAcknowledged("A", 20, CONVERGE);
    lab.awaitAcknowledged("B", 20, CONVERGE);

    Cli.Result r = apply(topology, "full-stop");
    assertEquals(0, r.code(), r + "\n" + Cli.inProcess("check", topology.toString()));

    lab.awaitAcknowledged("A", acknowledged("A") + 10, CONVERGE);
    lab.awaitAcknowledged("B", acknowledged("B") + 10, CONVERGE);
    lab.stopClients();
    for (String side : List.of("A", "B")) {
      assertTrue(serverVersionNum(side) >= 170000, side + " runs 17");
    }
    awaitNoViolations(
        () -> {
          List<DualChecks.Violation> v = new ArrayList<>();
          v.addAll(DualChecks.presentOnBoth(lab.writes("A"), snap("A"), snap("B")));
          v.addAll(DualChecks.presentOnBoth(lab.writes("B"), snap("A"), snap("B")));
          v.addAll(DualChecks.keysCannotCollide(lab.writes("A"), lab.writes("B")));
          return v;
        });
    assertBothWays("after full-stop");
  }

  @Test
  void splitSideListsExactlyWhatSideBChangedAloneAndDiscardsIt() throws Exception {
    Path topology = startLab();
    Cli.Result plan =
        Cli.inProcess(
            "plan",
            topology.toString(),
            "--strategy",
            "split-side",
            "--to",
            lab.binaries17().version(),
            "--home",
            home.toString());
    // Before the split the plan says which step lists side B's changes and where they are lost.
    assertTrue(plan.out().contains("lists the changes made on side B while split"), plan.out());

    lab.startClient("A");
    lab.startClient("B");
    lab.awaitAcknowledged("A", 20, CONVERGE);
    lab.awaitAcknowledged("B", 20, CONVERGE);
    Cli.Result r = apply(topology, "split-side");
    assertEquals(0, r.code(), r.toString());
    lab.awaitAcknowledged("A", acknowledged("A") + 10, CONVERGE);
    lab.awaitAcknowledged("B", acknowledged("B") + 10, CONVERGE);
    lab.stopClients();

    Run run = newestRun();
    assertSplitSideHolds(run);
    Cli.Result report = Cli.inProcess("report", run.id, "--home", home.toString());
    for (DualChecks.Change c : run.listed()) {
      assertTrue(
          report.out().contains(c.op().name().toLowerCase() + " " + "id=" + c.key()),
          "the report names " + c);
    }
  }

  @Test
  void afterADayApartSideBTakesSideAsBackupInsteadOfAnUpgrade() throws Exception {
    Path topology = startLab();
    lab.startClient("B");
    lab.awaitAcknowledged("B", 20, CONVERGE);
    Cli.Result r =
        Cli.child(
            home,
            Map.of("BATON_FAULT_CLOCK_AHEAD", "PT25H"),
            "apply",
            topology.toString(),
            "--strategy",
            "split-side",
            "--to",
            lab.binaries17().version(),
            "--yes",
            "--home",
            home.toString());
    assertEquals(0, r.code(), r.toString());
    lab.stopClients();
    Run run = newestRun();
    JournalEvent restore = run.outcome("restore-pg-b");
    assertTrue(restore.decision().sentence().contains("restored"), restore.toString());
    assertTrue(serverVersionNum("B") >= 170000, "B runs 17 from A's backup");
    assertBothWays("after the restore");
  }

  /**
   * Row 14 of the reliability matrix: Baton SIGKILLed after a journal record of split-side, then
   * resumed. CI kills at a seeded sample of the records; {@code -Dbaton.dualSweep=all} at every
   * one.
   */
  @Test
  void aBatonKilledAtRecordsOfSplitSideResumesToTheSameEnd() throws Exception {
    Path topology = startLab();
    Cli.Result first = apply(topology, "split-side");
    assertEquals(0, first.code(), first.toString());
    int records = newestRun().events.size();
    lab.close();
    String sweep = System.getProperty("baton.dualSweep", "");
    long seed = Long.getLong("baton.dualSeed", System.nanoTime());
    List<Integer> positions = positions(records, sweep, new Random(seed));
    System.out.println(
        "crash sweep: split-side "
            + records
            + " records, "
            + (sweep.equals("all") ? "every one" : positions + " with -Dbaton.dualSeed=" + seed));
    for (int k : positions) {
      Path root = home.resolve("sweep-" + k);
      lab = DualSideLab.start();
      Path t = lab.writeTopology(root.resolve("dual-lab.yaml"));
      lab.startClient("A");
      lab.startClient("B");
      lab.awaitAcknowledged("A", 10, CONVERGE);
      lab.awaitAcknowledged("B", 10, CONVERGE);
      Cli.Result killed =
          Cli.child(
              root,
              Map.of(dev.baton.app.wiring.FaultJournal.CRASH, Integer.toString(k)),
              "apply",
              t.toString(),
              "--strategy",
              "split-side",
              "--to",
              lab.binaries17().version(),
              "--yes",
              "--home",
              root.toString());
      assertTrue(killed.code() == 137 || killed.code() == 0, "killed after " + k + ": " + killed);
      String runId = newestRun(root).id;
      if (killed.code() == 137) {
        Cli.Result resumed = Cli.inProcess("resume", runId, "--yes", "--home", root.toString());
        assertEquals(0, resumed.code(), "resume after record " + k + ": " + resumed);
      }
      lab.awaitAcknowledged("A", acknowledged("A") + 5, CONVERGE);
      lab.stopClients();
      Run run = newestRun(root);
      assertOnceActionsRanOnce(run, k);
      assertSplitSideHolds(run);
      lab.close();
      lab = null;
    }
  }

  // ---- what every split-side run must show ----

  private void assertSplitSideHolds(Run run) throws Exception {
    // Every write acknowledged on side A is on both sides.
    awaitNoViolations(() -> DualChecks.presentOnBoth(lab.writes("A"), snap("A"), snap("B")));
    assertTrue(DualChecks.keysCannotCollide(lab.writes("A"), lab.writes("B")).isEmpty());
    // Side B's changes listed by Baton are exactly the writes B's client had acknowledged while
    // split, database by database: each link was removed at its own step.
    long stopB = run.doneAt("stop-bouncer-b");
    List<SideWrite> unlisted = new ArrayList<>();
    for (String db : List.of("report", "main")) {
      String table = db.equals("main") ? "accounts" : "entries";
      List<SideWrite> writesB = lab.writes("B").stream().filter(w -> w.db().equals(db)).toList();
      Set<DualChecks.Change> listed =
          run.listed().stream()
              .filter(c -> c.table().equals(table))
              .collect(java.util.stream.Collectors.toSet());
      long from = run.intentAt("unreplicate-" + db);
      long edge = run.doneAt("unreplicate-" + db) - from;
      DualChecks.SplitListReport rep =
          DualChecks.splitListEquals(listed, writesB, from + edge, stopB, edge + 50);
      assertEquals(List.of(), rep.violations(), db + ": the list against B's client");
      unlisted.addAll(rep.unlistedAtEdges());
    }
    // A write at the list's edges that is not listed reached side A before the split.
    assertEquals(
        List.of(),
        DualChecks.effectsOn(unlisted, lab.writes("B"), snap("A"), "side A"),
        "unlisted at the edges: "
            + unlisted
            + "; unreplicate-report "
            + run.intentAt("unreplicate-report")
            + ".."
            + run.doneAt("unreplicate-report")
            + "; unreplicate-main "
            + run.intentAt("unreplicate-main")
            + ".."
            + run.doneAt("unreplicate-main")
            + ", stop-bouncer-b "
            + run.intentAt("stop-bouncer-b")
            + ".."
            + stopB);
    // Side B's inserts made while split are gone from both sides: side A's data won.
    for (DualChecks.Change c : run.listed()) {
      if (c.op() == SideWrite.Op.INSERT) {
        String db = c.table().equals("accounts") ? "main" : "report";
        for (String side : List.of("A", "B")) {
          assertEquals(
              null, lab.rows(side, db).get(c.key()), "B's insert of " + c.key() + " on " + side);
        }
      }
    }
    // Clients of each side never reached the other side while pinned.
    for (String side : List.of("A", "B")) {
      String node = "node-" + side.toLowerCase();
      assertEquals(
          List.of(),
          DualChecks.neverOtherSide(
              lab.writes(side),
              run.doneAt("pin-failover-" + node),
              run.intentAt("unpin-failover-" + node),
              lab.serverAddress(side)),
          side + " while pinned");
    }
    for (String step : List.of("verify-a-to-b", "verify-b-to-a", "verify-upstream-import")) {
      assertTrue(run.outcome(step).decision().kind().name().equals("DONE"), step);
    }
    assertBothWays("after split-side");
  }

  /** Each step's action completed once: a resumed run repeats none that finished. */
  private static void assertOnceActionsRanOnce(Run run, int k) {
    Map<String, Long> done =
        run.events.stream()
            .filter(e -> e.type() == EventType.OUTCOME)
            .filter(e -> e.decision() != null && e.decision().kind().name().equals("DONE"))
            .collect(
                java.util.stream.Collectors.groupingBy(
                    JournalEvent::stepId, java.util.stream.Collectors.counting()));
    done.forEach((step, n) -> assertEquals(1L, n, step + " done " + n + " times, kill at " + k));
  }

  // ---- reading the lab and the journal ----

  private int acknowledged(String side) {
    return (int) lab.writes(side).stream().filter(SideWrite::acknowledged).count();
  }

  private int serverVersionNum(String side) throws Exception {
    return Integer.parseInt(lab.sql(side, "main", "show server_version_num").value());
  }

  private dev.baton.testkit.dual.Snapshot snap(String side) {
    try {
      return lab.snapshot(side);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A row inserted on each side is found on the other, in both databases. */
  private void assertBothWays(String when) throws Exception {
    for (String db : List.of("main", "report")) {
      String table = db.equals("main") ? "accounts" : "entries";
      long a = 999_999_001L;
      long b = 999_999_002L;
      lab.sql("A", db, "insert into " + table + " (id, side, note) values (" + a + ", 'A', 'x')");
      lab.sql("B", db, "insert into " + table + " (id, side, note) values (" + b + ", 'B', 'x')");
      dev.baton.testkit.Poll.until(
          CONVERGE,
          when + ": " + db + " replicates both ways",
          () -> rowsOf("B", db).containsKey(a) && rowsOf("A", db).containsKey(b));
    }
  }

  private Map<Long, dev.baton.testkit.dual.Snapshot.Row> rowsOf(String side, String db) {
    try {
      return lab.rows(side, db);
    } catch (java.sql.SQLException e) {
      return Map.of();
    }
  }

  /** Replication catching up: the check itself is the condition, polled until it holds. */
  private static void awaitNoViolations(Supplier<List<DualChecks.Violation>> check) {
    List<List<DualChecks.Violation>> last = new ArrayList<>(List.of(List.of()));
    try {
      dev.baton.testkit.Poll.until(
          CONVERGE,
          "no violations",
          () -> {
            last.set(0, check.get());
            return last.get(0).isEmpty();
          });
    } catch (RuntimeException timedOut) {
      List<DualChecks.Violation> v = last.get(0);
      assertEquals(List.of(), v.size() > 20 ? v.subList(0, 20) : v);
    }
  }

  private static List<Integer> positions(int records, String sweep, Random random) {
    List<Integer> all = new ArrayList<>();
    for (int k = 1; k <= records; k++) {
      all.add(k);
    }
    if (sweep.equals("all")) {
      return all;
    }
    java.util.Collections.shuffle(all, random);
    return all.subList(0, Math.min(4, all.size())).stream().sorted().toList();
  }

  private Run newestRun() {
    return newestRun(home);
  }

  private static Run newestRun(Path home) {
    try (var j = SqliteJournal.open(home.resolve("journal.db"))) {
      String id = j.runs(null).get(0).runId();
      return new Run(id, j.events(id));
    }
  }

  /** One run's journal records, read after it ended. */
  private record Run(String id, List<JournalEvent> events) {

    JournalEvent outcome(String step) {
      return events.stream()
          .filter(e -> e.type() == EventType.OUTCOME && e.stepId().equals(step))
          .reduce((x, y) -> y)
          .orElseThrow(() -> new AssertionError("no outcome of " + step));
    }

    long doneAt(String step) {
      return outcome(step).at().toEpochMilli();
    }

    long intentAt(String step) {
      return events.stream()
          .filter(e -> e.type() == EventType.INTENT && e.stepId().equals(step))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no intent of " + step))
          .at()
          .toEpochMilli();
    }

    /**
     * The changes the list-changes step named, from its evidence: a line per table ({@code
     * public.accounts: 3 inserts, 1 update}) followed by one indented line per change ({@code
     * insert id=42}).
     */
    Set<DualChecks.Change> listed() {
      Set<DualChecks.Change> out = new java.util.LinkedHashSet<>();
      String table = null;
      for (String line : outcome("list-changes-pg-b").evidence().split("\n")) {
        if (line.startsWith("  ") && table != null) {
          String[] f = line.strip().split(" ");
          out.add(
              new DualChecks.Change(
                  table,
                  SideWrite.Op.valueOf(f[0].toUpperCase()),
                  Long.parseLong(f[1].substring(f[1].indexOf('=') + 1))));
        } else if (line.startsWith("public.")) {
          table = line.substring("public.".length(), line.indexOf(':'));
        } else {
          table = null;
        }
      }
      return out;
    }
  }
}
