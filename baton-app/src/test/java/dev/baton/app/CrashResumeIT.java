package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.FaultJournal;
import dev.baton.drivers.sim.SimAction;
import dev.baton.drivers.sim.SimDriver;
import dev.baton.drivers.sim.SimState;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.journal.SqliteJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matrix row 2 on the simulator: a real SIGKILL of a child JVM after every journal record of a
 * takeover run, then {@code baton resume}. Every run must finish, with no non-idempotent action
 * applied twice and exactly one active at the end.
 */
class CrashResumeIT {

  private static final Set<String> NON_IDEMPOTENT =
      Set.of("takeover", "install", "backup", "rebuild-replication");

  @TempDir Path tmp;
  private final Path topology = Cli.example("takeover-sim.yaml");

  @Test
  void resumeFinishesAfterASigkillAtEveryJournalRecord() throws Exception {
    int records = recordsOfACleanRun();
    assertTrue(records > 20, "a takeover run writes " + records + " records");
    for (int k = 1; k < records; k++) {
      Path home = Files.createDirectories(tmp.resolve("crash-" + k));
      Cli.Result killed =
          Cli.child(
              home,
              Map.of(FaultJournal.CRASH, Integer.toString(k)),
              Cli.applyTakeover(topology, home));
      assertEquals(137, killed.code(), "crash after record " + k + ": " + killed);
      String run = onlyRun(home);
      Cli.Result resumed = Cli.inProcess("resume", run, "--yes", "--home", home.toString());
      assertEquals(0, resumed.code(), "resume after crash at record " + k + ": " + resumed);
      assertNoNonIdempotentActionTwice(home, k);
      assertOneActiveBothUpgraded(home, k);
    }
  }

  private int recordsOfACleanRun() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("clean"));
    Cli.Result r = Cli.child(home, Map.of(), Cli.applyTakeover(topology, home));
    assertEquals(0, r.code(), r.toString());
    try (SqliteJournal j = SqliteJournal.open(home.resolve("journal.db"))) {
      List<JournalEvent> events = j.events(onlyRun(home));
      return events.size();
    }
  }

  private static String onlyRun(Path home) {
    try (SqliteJournal j = SqliteJournal.open(home.resolve("journal.db"))) {
      List<RunRecord> runs = j.runs(null);
      assertEquals(1, runs.size(), runs.toString());
      return runs.get(0).runId();
    }
  }

  private static void assertNoNonIdempotentActionTwice(Path home, int k) {
    Map<String, Integer> seen = new HashMap<>();
    for (SimAction a : new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).actions()) {
      if (NON_IDEMPOTENT.contains(a.verb())) {
        seen.merge(a.key(), 1, Integer::sum);
      }
    }
    seen.forEach(
        (key, n) ->
            assertEquals(1, n, "crash at record " + k + ": " + key + " ran " + n + " times"));
    assertEquals(
        6, seen.size(), "crash at record " + k + ": non-idempotent actions " + seen.keySet());
  }

  private static void assertOneActiveBothUpgraded(Path home, int k) {
    SimState s = new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).state();
    assertEquals("active", s.component("csm-a-server").role().orElseThrow(), "crash at " + k);
    assertEquals("standby", s.component("csm-b-server").role().orElseThrow(), "crash at " + k);
    assertEquals("2.0", s.component("csm-a-server").version().text(), "crash at " + k);
    assertEquals("2.0", s.component("csm-b-server").version().text(), "crash at " + k);
  }
}
