package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed 004 operations on a real PostgreSQL pair: switchback, bookmark, rewind, recover. */
class PgOperationsIT {

  @TempDir Path home;

  private Cli.Result baton(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--home";
    all[args.length + 1] = home.toString();
    return Cli.inProcess(all);
  }

  @Test
  void switchbackAfterASwitchoverLosesNothingAndRejoinsWithoutAResync() throws Exception {
    Home h = new Home(home);
    try (PgScenario s =
        PgScenario.start(home, PgBinaries.debian(), t -> Drivers.forTopology(t, h))) {
      s.awaitAcks(50);
      PgScenario.Window over = s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
      assertEquals(RunStatus.DONE, over.result().status(), over.result().sentence());
      s.awaitMoreAcks(50);
      PgScenario.Window back = s.run("switchback", new Goal(null, Map.of()), EngineListener.NONE);
      assertEquals(RunStatus.DONE, back.result().status(), back.result().sentence());
      s.awaitMoreAcks(50);
      PgScenario.Verdict v = s.finish();
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      assertEquals("f", s.pair().pgA().sql("select pg_is_in_recovery()"), "pg-a is primary again");
      assertEquals("t", s.pair().pgB().sql("select pg_is_in_recovery()"));
      JournalEvent rejoin =
          s.journal().events(back.runId()).stream()
              .filter(e -> e.type() == EventType.OUTCOME && e.stepId().equals("rejoin-pg-b"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          rejoin.decision().sentence().contains("without a resync"), rejoin.decision().sentence());
      assertTrue(
          rejoin.evidence().contains("no resync: pg-b shut down cleanly"), rejoin.evidence());
    }
  }

  @Test
  void switchbackWithManualReverseLeavesTheOldPrimaryFencedAndSaysHowToRejoinIt() throws Exception {
    try (LocalPgPair pair = LocalPgPair.start(PgBinaries.debian())) {
      Path topology = pair.writeTopology(home);
      assertEquals(
          0, baton("apply", topology.toString(), "--strategy", "switchover", "--yes").code());
      Cli.Result r = baton("switchback", topology.toString(), "--set", "reverse=manual", "--yes");
      assertEquals(0, r.code(), r.toString());
      assertEquals("f", pair.pgA().sql("select pg_is_in_recovery()"));
      assertTrue(!pair.pgB().isRunning(), "pg-b is left stopped");
      assertTrue(r.out().contains("baton switchback " + topology + " --set reverse=auto"), r.out());
      Cli.Result rejoin = baton("switchback", topology.toString(), "--set", "reverse=auto");
      assertEquals(0, rejoin.code(), rejoin.toString());
      assertEquals("t", pair.pgB().sql("select pg_is_in_recovery()"));
    }
  }

  @Test
  void rewindToABookmarkDropsTheRowsWrittenAfterItOnlyAfterAGateThatNamedTheLoss()
      throws Exception {
    try (LocalPgPair pair =
        LocalPgPair.start(
            PgBinaries.debian(), LocalPgPair.Options.defaults().withWalArchive(true))) {
      Path topology = pair.writeTopology(home);
      pair.pgA().sql("create table t (id int primary key)");
      pair.pgA().sql("insert into t select generate_series(1, 100)");
      Cli.Result mark = baton("bookmark", topology.toString(), "before-n");
      assertEquals(0, mark.code(), mark.toString());
      Cli.Result list = baton("bookmarks", topology.toString());
      assertTrue(list.out().contains("before-n"), list.toString());
      pair.pgA().sql("insert into t select generate_series(101, 150)");

      Cli.Result gated = baton("rewind", topology.toString(), "--to", "before-n");
      assertEquals(3, gated.code(), gated.toString());
      assertTrue(
          gated.out().contains("loses every change written after it: at least"), gated.out());
      assertTrue(gated.out().contains("of WAL"), gated.out());
      assertEquals("150", pair.pgA().sql("select count(*) from t"), "nothing lost before approval");

      String run = runId(gated.out());
      assertEquals(0, baton("approve", run).code());
      Cli.Result resumed = baton("resume", run);
      assertEquals(0, resumed.code(), resumed.toString());
      assertEquals("100", pair.pgA().sql("select count(*) from t"));
      assertEquals("0", pair.pgA().sql("select count(*) from t where id > 100"));
      assertEquals("f", pair.pgA().sql("select pg_is_in_recovery()"));
      pair.awaitStreaming(java.time.Duration.ofSeconds(30));
      assertEquals("100", pair.pgB().sql("select count(*) from t"));
    }
  }

  @Test
  void bookmarkOnAServerThatDoesNotArchiveIsRefusedWithTheReason() throws Exception {
    try (LocalPgPair pair = LocalPgPair.start(PgBinaries.debian())) {
      Path topology = pair.writeTopology(home);
      Cli.Result r = baton("bookmark", topology.toString(), "x");
      assertEquals(3, r.code(), r.toString());
      assertTrue(r.out().contains("pg-a does not archive its WAL (archive_mode=off)"), r.out());
      Cli.Result rewind = baton("rewind", topology.toString(), "--to", "x");
      assertEquals(2, rewind.code(), rewind.toString());
      assertTrue(rewind.err().contains("has no bookmark named x"), rewind.err());
    }
  }

  @Test
  void recoverActiveRefusesWithoutTheOverrideNamingTheNewerSideAndPromotesWithIt()
      throws Exception {
    try (LocalPgPair pair = LocalPgPair.start(PgBinaries.debian())) {
      Path topology = pair.writeTopology(home);
      pair.pgB().stop();
      pair.pgA().sql("create table late (id int)");
      pair.pgA().sql("insert into late values (1)");
      pair.pgA().stop();
      pair.pgB().start();

      Cli.Result refused = baton("recover-active", topology.toString(), "--make", "node-b");
      assertEquals(3, refused.code(), refused.toString());
      assertTrue(refused.out().contains("pg-a holds the newer data"), refused.out());
      assertEquals("t", pair.pgB().sql("select pg_is_in_recovery()"), "nothing changed");

      Cli.Result forced =
          baton(
              "recover-active",
              topology.toString(),
              "--make",
              "node-b",
              "--override",
              "recover-active=pg-a's disk is gone");
      assertEquals(0, forced.code(), forced.toString());
      assertEquals("f", pair.pgB().sql("select pg_is_in_recovery()"));
      assertTrue(!pair.pgA().isRunning(), "pg-a stays fenced");
    }
  }

  private static String runId(String out) {
    Matcher m = Pattern.compile("run (\\S+) halted").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }
}
