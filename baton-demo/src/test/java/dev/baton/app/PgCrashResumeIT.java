package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.FaultJournal;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row 2 of the reliability matrix on a real pair: a rolling upgrade whose Baton process is
 * SIGKILLed after every journal record in turn, then resumed. Each iteration moves the pair between
 * the 15.8 build and Debian's 15.x, so one pair and one workload history serve every crash point.
 */
class PgCrashResumeIT {

  @TempDir Path home;

  @Test
  void rollingUpgradeResumesAfterASigkillAtEveryJournalRecord() throws Exception {
    Home h = new Home(home);
    String older = PgBinaries.zonky158().version();
    String newer = PgBinaries.debian().version();
    try (PgScenario s =
        PgScenario.start(home, PgBinaries.zonky158(), t -> Drivers.forTopology(t, h))) {
      s.awaitAcks(100);
      String topology = s.topology().source();
      int records = cleanRun(topology, newer);
      assertTrue(records > 20, "a rolling upgrade writes " + records + " records");
      for (int k = 1; k < records; k++) {
        String to = k % 2 == 1 ? older : newer;
        List<String> args =
            new java.util.ArrayList<>(
                List.of(
                    "apply",
                    topology,
                    "--strategy",
                    "takeover",
                    "--to",
                    to,
                    "--yes",
                    "--home",
                    home.toString()));
        if (to.equals(older)) {
          // Every other run moves the pair back to 15.8 so the next one upgrades again: a
          // downgrade, which Baton does only when told to, by name.
          args.addAll(List.of("--override", "downgrade=the test alternates 15.8 and 15.x"));
        }
        Cli.Result killed =
            Cli.child(
                home, Map.of(FaultJournal.CRASH, Integer.toString(k)), args.toArray(String[]::new));
        assertEquals(137, killed.code(), "crash after record " + k + ": " + killed);
        String run = newestRun();
        Cli.Result resumed = Cli.inProcess("resume", run, "--yes", "--home", home.toString());
        assertEquals(0, resumed.code(), "resume after the crash at record " + k + ": " + resumed);
        assertOnePrimaryAt(s, to, k);
        s.awaitMoreAcks(20);
      }
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
    }
  }

  private int cleanRun(String topology, String to) throws Exception {
    Cli.Result r =
        Cli.inProcess(
            "apply",
            topology,
            "--strategy",
            "takeover",
            "--to",
            to,
            "--yes",
            "--home",
            home.toString());
    assertEquals(0, r.code(), r.toString());
    try (var j = dev.baton.journal.SqliteJournal.open(home.resolve("journal.db"))) {
      List<JournalEvent> events = j.events(newestRun());
      return events.size();
    }
  }

  private String newestRun() {
    try (var j = dev.baton.journal.SqliteJournal.open(home.resolve("journal.db"))) {
      RunRecord r = j.runs(null).get(0);
      assertTrue(r.status() == RunStatus.RUNNING || r.status() == RunStatus.DONE, r.toString());
      return r.runId();
    }
  }

  private static void assertOnePrimaryAt(PgScenario s, String version, int k) throws Exception {
    var facts = s.observe();
    long primaries =
        List.of("pg-a", "pg-b").stream()
            .filter(c -> facts.role(c).orElse("").equals("primary"))
            .count();
    assertEquals(1, primaries, "crash at record " + k + ": " + facts);
    for (String c : List.of("pg-a", "pg-b")) {
      assertEquals(
          version, facts.version(c).orElseThrow().text(), "crash at record " + k + ": " + c);
    }
  }
}
