package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.demo.bench.PgScenario;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.KillPostgres;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton watch} on a real PostgreSQL pair under the workload client: kill -9 of the primary,
 * then an automatic failover (synchronous and asynchronous link) or only an alert.
 */
class PgWatchIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path home;

  private PgScenario scenario(boolean synchronous) throws Exception {
    LocalPgPair pair =
        LocalPgPair.start(
            PgBinaries.debian(), LocalPgPair.Options.defaults().withSynchronous(synchronous));
    Home h = new Home(home);
    return PgScenario.start(
        home,
        pair,
        pair.topologyYaml(),
        pair.multiHostUrl(),
        t -> Drivers.forTopology(t, h),
        List.of());
  }

  /** Starts {@code baton watch} as its own process on the scenario's topology and journal. */
  private Process watch(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "watch",
                home.resolve("topology.yaml").toString(),
                "--home",
                home.toString(),
                "--heartbeat",
                "250ms",
                "--timeout",
                "2s",
                "--for",
                "90s"));
    args.addAll(List.of(extra));
    return Cli.start(home, Map.of(), args.toArray(String[]::new));
  }

  private String out() throws Exception {
    Path p = home.resolve("child.out");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    try {
      Poll.until(WAIT, what, condition::getAsBoolean);
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage() + "\n--- watch output\n" + out(), e);
    }
  }

  /** Given a watcher that has seen pg-a alive, when pg-a's postgres is killed -9. */
  private Cli.Result killPrimaryUnder(PgScenario s, Process watcher) throws Exception {
    try {
      await("the watcher sees pg-a alive", () -> contains(" pg-a alive"));
      s.awaitMoreAcks(50);
      KillPostgres.kill9(s.pair().pgA());
      if (!watcher.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the watcher did not end within 60 s\n" + out());
      }
      return new Cli.Result(
          watcher.exitValue(), out(), Files.readString(home.resolve("child.err")));
    } finally {
      watcher.destroyForcibly();
    }
  }

  private boolean contains(String text) {
    try {
      return out().contains(text);
    } catch (Exception e) {
      return false;
    }
  }

  private static long figure(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertTrue(m.find(), "no match for " + regex + " in\n" + out);
    return Long.parseLong(m.group(1));
  }

  private static void assertReadOnlyAfterRestart(PgScenario s) throws Exception {
    s.pair().pgA().start();
    assertEquals("t", s.pair().pgA().sql("select pg_is_in_recovery()"), "pg-a restarts fenced");
    SQLException refused =
        assertThrows(SQLException.class, () -> s.pair().pgA().sql("create table t_watch(i int)"));
    assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
  }

  @Test
  void synchronousPairFailsOverAfterTheTimeoutWithNoAcknowledgedWriteLost() throws Exception {
    try (PgScenario s = scenario(true)) {
      s.awaitAcks(100);
      Cli.Result r = killPrimaryUnder(s, watch("--on-failure", "switchover"));
      System.out.println("PgWatchIT synchronous:\n" + r.out());
      assertEquals(0, r.code(), r.toString());
      long detection = figure(r.out(), "detection: (\\d+) ms");
      long failover = figure(r.out(), "failover: (\\d+) ms");
      assertTrue(detection >= 2000, "declared only after the 2 s timeout: " + detection);
      assertTrue(r.out().contains("0 acknowledged writes lost"), r.out());
      assertEquals("f", s.pair().pgB().sql("select pg_is_in_recovery()"), "pg-b was promoted");
      s.awaitMoreAcks(50);
      PgScenario.Verdict v = s.finish();
      System.out.println(
          "PgWatchIT synchronous: detection "
              + detection
              + " ms, failover "
              + failover
              + " ms, "
              + v.lost().summary());
      assertEquals(0, v.lost().lost().size(), v.lost().summary());
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      assertReadOnlyAfterRestart(s);
    }
  }

  @Test
  void asynchronousPairReportsALossBoundThatCoversWhatWasActuallyLost() throws Exception {
    try (PgScenario s = scenario(false)) {
      s.awaitAcks(100);
      Cli.Result r = killPrimaryUnder(s, watch("--on-failure", "switchover"));
      System.out.println("PgWatchIT asynchronous:\n" + r.out());
      assertEquals(0, r.code(), r.toString());
      long lagBound = figure(r.out(), "lag bound: (\\d+) bytes");
      long mayBeLost = figure(r.out(), "up to (\\d+) acknowledged transactions? may be lost");
      s.awaitMoreAcks(50);
      PgScenario.Verdict v = s.finish();
      System.out.println(
          "PgWatchIT asynchronous: detection "
              + figure(r.out(), "detection: (\\d+) ms")
              + " ms, failover "
              + figure(r.out(), "failover: (\\d+) ms")
              + " ms, lag bound "
              + lagBound
              + " B, reported up to "
              + mayBeLost
              + " lost, actually lost "
              + v.lost().lost().size());
      assertTrue(
          v.lost().lost().size() <= mayBeLost,
          "lost " + v.lost().lost().size() + " > reported " + mayBeLost);
      assertTrue(v.twoActives().ok(), v.twoActives().summary());
      assertReadOnlyAfterRestart(s);
    }
  }

  @Test
  void alertModeOnlyAlertsAndPromotesNothing() throws Exception {
    Path alert = home.resolve("alert.txt");
    Path events = home.resolve("watch-events.jsonl");
    try (PgScenario s = scenario(false)) {
      s.awaitAcks(100);
      Cli.Result r =
          killPrimaryUnder(
              s,
              watch(
                  "--max-failures",
                  "1",
                  "--events",
                  events.toString(),
                  "--alert-command",
                  "printf '%s %s %s' \"$BATON_EVENT\" \"$BATON_ACTIVE\" \"$BATON_DETECTION_MS\" > "
                      + alert));
      System.out.println("PgWatchIT alert:\n" + r.out());
      assertEquals(0, r.code(), r.toString());
      assertTrue(Files.readString(alert).startsWith("down pg-a "), Files.readString(alert));
      assertEquals("t", s.pair().pgB().sql("select pg_is_in_recovery()"), "nothing promoted");
      assertTrue(!r.out().contains("failover:"), r.out());
      List<String> types = new ArrayList<>();
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      for (String line : Files.readAllLines(events)) {
        types.add(json.readTree(line).get("type").asText());
      }
      assertEquals("watch.started", types.get(0), types.toString());
      assertTrue(types.contains("watch.declared"), types.toString());
      assertEquals("watch.ended", types.get(types.size() - 1), types.toString());
    }
  }
}
