package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.testkit.Poll;
import dev.baton.testkit.net.NetNamespace;
import dev.baton.testkit.pg.KillPostgres;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.workload.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton watch} with automatic switchover when the primary is not killed but cut off (its
 * network namespace's link goes down; matrix row 5) or frozen with SIGSTOP for longer than the
 * timeout (row 6). Clients on the primary's side keep reaching it. The link is synchronous, so a
 * primary that cannot reach its standby acknowledges nothing. Checked: lost 0, never two servers
 * accepting writes, and no write acknowledged by the old primary once the standby accepts writes.
 */
class PgWatchIsolationIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;

  private Process watch() throws Exception {
    return Cli.start(
        home,
        Map.of(),
        "watch",
        home.resolve("topology.yaml").toString(),
        "--home",
        home.toString(),
        "--heartbeat",
        "250ms",
        "--timeout",
        "2s",
        "--for",
        "90s",
        "--on-failure",
        "switchover");
  }

  private String out() throws Exception {
    Path p = home.resolve("child.out");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private void awaitAlive() throws Exception {
    try {
      Poll.until(WAIT, "the watcher to see pg-a alive", () -> out().contains(" pg-a alive"));
    } catch (IllegalStateException e) {
      throw new AssertionError("the watcher never saw pg-a alive:\n" + out(), e);
    }
  }

  private String awaitFailover(Process watcher) throws Exception {
    try {
      if (!watcher.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the watcher did not fail over within 60 s:\n" + out());
      }
      assertEquals(0, watcher.exitValue(), out() + Files.readString(home.resolve("child.err")));
      assertTrue(out().contains("failover:"), out());
      return out();
    } finally {
      watcher.destroyForcibly();
    }
  }

  private static void assertSafe(PgScenario s, String oldPrimary, String newPrimary, String how)
      throws Exception {
    s.awaitMoreAcks(50);
    long promoted = s.firstWritableAt(newPrimary);
    PgScenario.Verdict v = s.finish();
    List<Op> late = s.acknowledgedBy(oldPrimary, promoted);
    System.out.println(
        "PgWatchIsolationIT "
            + how
            + ": "
            + v.lost().summary()
            + "; "
            + v.twoActives().summary()
            + "; acknowledged by "
            + oldPrimary
            + " after "
            + newPrimary
            + " took writes: "
            + late.size());
    assertEquals(0, v.lost().lost().size(), v.lost().summary());
    assertTrue(v.twoActives().ok(), v.twoActives().summary());
    assertEquals(List.of(), late, "writes acknowledged by the old primary after the promotion");
  }

  @Test
  void aPrimaryCutOffByItsLinkIsReplacedAndAcknowledgesNothingAfterwards() throws Exception {
    try (NetNamespace ns = NetNamespace.create("watchiso")) {
      NetNamespace.Link cluster = ns.link();
      NetNamespace.Link clients = ns.link();
      LocalPgPair pair =
          LocalPgPair.startWithPrimaryIn(
              PgBinaries.debian(),
              LocalPgPair.Options.defaults().withSynchronous(true),
              ns,
              cluster,
              clients);
      String aForClients = clients.nsAddress() + ":" + pair.pgA().port();
      String b = pair.pgB().host() + ":" + pair.pgB().port();
      String url =
          "jdbc:postgresql://"
              + aForClients
              + ","
              + b
              + "/postgres?user=postgres&targetServerType=primary"
              + "&connectTimeout=2&socketTimeout=5&loginTimeout=3&hostRecheckSeconds=0";
      Home h = new Home(home);
      try (PgScenario s =
          PgScenario.start(
              home,
              pair,
              pair.topologyYaml(),
              url,
              List.of(
                  "jdbc:postgresql://" + aForClients + "/postgres?user=postgres",
                  pair.pgB().jdbcUrl()),
              t -> Drivers.forTopology(t, h),
              List.of())) {
        s.awaitAcks(100);
        Process watcher = watch();
        awaitAlive();
        cluster.cut();
        String report = awaitFailover(watcher);
        System.out.println("PgWatchIsolationIT isolated:\n" + report);
        assertEquals("f", pair.pgB().sql("select pg_is_in_recovery()"), "pg-b was promoted");
        assertSafe(s, aForClients, b, "isolated");
        cluster.restore();
      }
    }
  }

  @Test
  void aPrimaryFrozenLongerThanTheTimeoutAcknowledgesNothingWhenItThaws() throws Exception {
    LocalPgPair pair =
        LocalPgPair.start(
            PgBinaries.debian(), LocalPgPair.Options.defaults().withSynchronous(true));
    String a = pair.pgA().host() + ":" + pair.pgA().port();
    String b = pair.pgB().host() + ":" + pair.pgB().port();
    Home h = new Home(home);
    try (PgScenario s =
        PgScenario.start(
            home,
            pair,
            pair.topologyYaml(),
            pair.multiHostUrl(),
            t -> Drivers.forTopology(t, h),
            List.of())) {
      s.awaitAcks(100);
      Process watcher = watch();
      awaitAlive();
      List<Long> frozen = KillPostgres.freeze(pair.pgA());
      String report;
      try {
        report = awaitFailover(watcher);
      } finally {
        KillPostgres.thaw(frozen);
      }
      System.out.println("PgWatchIsolationIT frozen:\n" + report);
      assertEquals("f", pair.pgB().sql("select pg_is_in_recovery()"), "pg-b was promoted");
      assertSafe(s, a, b, "frozen");
    }
  }
}
