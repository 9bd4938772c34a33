package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.report.MarkdownReport;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.FaultJournal;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.engine.Decision;
import dev.baton.engine.EngineListener;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.plan.Goal;
import dev.baton.plan.Step;
import dev.baton.testkit.pg.KillPostgres;
import dev.baton.testkit.pg.LocalPgCluster;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pgbouncer.LocalPgBouncer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Row 12 of the reliability matrix: switchovers of a real pair whose client reaches it only through
 * a real PgBouncer, which Baton holds around the role change. A PAUSE held up by an open
 * transaction, a promote that fails while the clients are held, and a Baton killed while they are
 * held all end with the pooler resumed on exactly one primary and nothing lost.
 */
class PgPoolerIT {

  @TempDir Path home;

  private LocalPgPair pair;
  private LocalPgBouncer pgbouncer;

  private PgScenario start() throws Exception {
    pair = LocalPgPair.start(PgBinaries.debian());
    try {
      pgbouncer = LocalPgBouncer.start(pair);
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
    Home h = new Home(home);
    return PgScenario.start(
        home,
        pair,
        pgbouncer.topology(pair.topologyYaml(), "node-a"),
        pgbouncer.clientUrl(),
        t -> Drivers.forTopology(t, h),
        List.of(pgbouncer));
  }

  private PgScenario.Window switchover(PgScenario s, EngineListener listener) throws Exception {
    return s.run("switchover", new Goal(null, Map.of()), listener);
  }

  @Test
  void switchoversThroughThePoolerFailNoClientOperationAndTheReportShowsThePause()
      throws Exception {
    try (PgScenario s = start()) {
      s.awaitAcks(100);
      long errors = 0;
      List<PgScenario.Window> windows = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        PgScenario.Window w = switchover(s, EngineListener.NONE);
        assertEquals(RunStatus.DONE, w.result().status(), w.result().sentence());
        s.awaitMoreAcks(50);
        errors += s.clientErrors(w);
        windows.add(w);
      }
      PgScenario.Verdict v = s.finish();
      assertEquals(0, errors, "operations clients saw fail");
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      assertEquals(pair.pgA().host() + ":" + pair.pgA().port(), pgbouncer.target());
      for (PgScenario.Window w : windows) {
        String report = MarkdownReport.render(s.report(w, v));
        Matcher held = HELD.matcher(report);
        assertTrue(held.find(), report);
        assertTrue(Long.parseLong(held.group(1)) > 0, report);
        assertTrue(report.contains("## Time in commands on nodes"), report);
        assertTrue(report.contains("\n- the client saw 0 failed operations;"), report);
        assertTrue(
            report.contains("\n- lost writes: 0; unexpected writes: 0; two actives: 0"), report);
      }
    }
  }

  /** The pause line of a report: the release step and how long the clients were held. */
  private static final Pattern HELD =
      Pattern.compile("## Clients held by a pooler\n\n- `release-[a-z-]+`: held (\\d+) ms; ");

  @Test
  void aPauseHeldUpByAnOpenTransactionResumesOnTheOldPrimaryAndStopsWithASentence()
      throws Exception {
    try (PgScenario s = start()) {
      s.awaitAcks(100);
      PgScenario.Window w;
      try (Connection open = DriverManager.getConnection(pgbouncer.clientUrl());
          Statement st = open.createStatement()) {
        open.setAutoCommit(false);
        st.execute("select 1");

        w = switchover(s, EngineListener.NONE);

        open.commit();
      }
      assertEquals(RunStatus.HALTED, w.result().status(), w.result().sentence());
      assertTrue(
          w.result()
              .sentence()
              .contains(
                  "PAUSE pgdb did not finish within 1000 ms: transactions still ran"
                      + " (1 server connections still busy); resumed pgdb, so its clients go on"
                      + " with pg-a"),
          w.result().sentence());
      assertFalse(pgbouncer.paused());
      assertEquals(pair.pgA().host() + ":" + pair.pgA().port(), pgbouncer.target());
      assertOnePrimary(s, "pg-a");
      s.awaitMoreAcks(50);
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
    }
  }

  @Test
  void aPromoteThatFailsWhileTheClientsAreHeldStartsTheOldPrimaryAndReleasesThemOntoIt()
      throws Exception {
    try (PgScenario s = start()) {
      s.awaitAcks(100);

      PgScenario.Window w = switchover(s, new KillBefore("promote-pg-b", pair.pgB()));

      assertEquals(RunStatus.HALTED, w.result().status(), w.result().sentence());
      assertTrue(
          w.result().sentence().contains("; rolled back the hold on pg-clients: "),
          w.result().sentence());
      assertFalse(pgbouncer.paused());
      assertEquals(pair.pgA().host() + ":" + pair.pgA().port(), pgbouncer.target());
      assertOnePrimary(s, "pg-a");
      s.awaitMoreAcks(50);
      long errors = s.clientErrors(w);
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      System.out.println("client errors while the promote failed and was rolled back: " + errors);
    }
  }

  /**
   * Baton is SIGKILLed after the hold, after the fence, and after the promote (journal records 9,
   * 11 and 13 of a pooled switchover), each time with the clients held, and then resumed.
   */
  @Test
  void aBatonKilledWhileTheClientsAreHeldIsResumedOntoExactlyOnePrimary() throws Exception {
    try (PgScenario s = start()) {
      s.awaitAcks(100);
      String topology = s.topology().source();
      for (int k : new int[] {9, 11, 13}) {
        Cli.Result killed =
            Cli.child(
                home,
                Map.of(FaultJournal.CRASH, Integer.toString(k)),
                "apply",
                topology,
                "--strategy",
                "switchover",
                "--yes",
                "--home",
                home.toString());
        assertEquals(137, killed.code(), "crash after record " + k + ": " + killed);
        assertTrue(pgbouncer.paused(), "the clients are held after record " + k);

        Cli.Result resumed =
            Cli.inProcess("resume", newestRun(), "--yes", "--home", home.toString());

        assertTrue(
            resumed.code() == 0 || resumed.code() == 3,
            "resume after the crash at record " + k + ": " + resumed);
        assertFalse(pgbouncer.paused(), "resumed after the crash at record " + k);
        String primary = onePrimary(s, k);
        LocalPgCluster c = primary.equals("pg-a") ? pair.pgA() : pair.pgB();
        assertEquals(c.host() + ":" + c.port(), pgbouncer.target(), "record " + k);
        s.awaitMoreAcks(20);
      }
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
    }
  }

  private String newestRun() {
    try (var j = dev.baton.journal.SqliteJournal.open(home.resolve("journal.db"))) {
      RunRecord r = j.runs(null).get(0);
      return r.runId();
    }
  }

  private static void assertOnePrimary(PgScenario s, String expected) throws Exception {
    Facts f = s.observe();
    assertEquals("primary", f.role(expected).orElse("none"), f.toString());
    long primaries =
        List.of("pg-a", "pg-b").stream()
            .filter(c -> f.role(c).orElse("").equals("primary"))
            .count();
    assertEquals(1, primaries, f.toString());
  }

  private static String onePrimary(PgScenario s, int k) throws Exception {
    Facts f = s.observe();
    List<String> primaries =
        List.of("pg-a", "pg-b").stream()
            .filter(c -> f.role(c).orElse("").equals("primary"))
            .toList();
    assertEquals(1, primaries.size(), "crash at record " + k + ": " + f);
    return primaries.get(0);
  }

  /** SIGKILLs a server as the named step starts: a promote that fails while clients are held. */
  private record KillBefore(String stepId, LocalPgCluster server) implements EngineListener {
    @Override
    public void stepStarted(Step step) {
      if (step.id().equals(stepId)) {
        KillPostgres.kill9(server);
      }
    }

    @Override
    public void stepDecided(Step step, Decision d, Duration took) {}
  }
}
