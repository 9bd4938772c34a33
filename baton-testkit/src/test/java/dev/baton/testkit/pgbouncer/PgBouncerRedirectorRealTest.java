package dev.baton.testkit.pgbouncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.pooler.PgBouncerRedirector;
import dev.baton.drivers.transport.LocalTransport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import dev.baton.facts.Fact;
import dev.baton.facts.Facts;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PgBouncer redirector against Debian's PgBouncer 1.18 in front of a real pair. */
class PgBouncerRedirectorRealTest {

  private static LocalPgPair pair;
  private LocalPgBouncer pgbouncer;
  private PgBouncerRedirector redirector;
  private EntryPoint ep;

  @BeforeAll
  static void startPair() {
    pair = LocalPgPair.start(PgBinaries.debian());
  }

  @AfterAll
  static void stopPair() {
    pair.close();
  }

  @BeforeEach
  void start() {
    pgbouncer = LocalPgBouncer.start(pair);
    ep =
        new EntryPoint(
            "pool",
            "pg-a",
            Redirection.POOLER,
            Map.of(
                "node",
                "node-a",
                "port",
                Integer.toString(pgbouncer.port()),
                "adminUser",
                LocalPgBouncer.ADMIN,
                "adminPassword",
                "admin",
                "database",
                LocalPgBouncer.DATABASE,
                "config",
                pgbouncer.config().toString(),
                "server.pg-a",
                "127.0.0.1:" + pair.pgA().port(),
                "server.pg-b",
                "127.0.0.1:" + pair.pgB().port()));
    LocalTransport local = new LocalTransport();
    String password = read(pgbouncer);
    redirector = new PgBouncerRedirector(node -> local, name -> password);
  }

  private static String read(LocalPgBouncer b) {
    try {
      return Files.readString(b.passwordFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    redirector.close();
    pgbouncer.close();
  }

  private Facts facts() throws DriverException {
    return Facts.of(redirector.observe(ep));
  }

  @Test
  void theEntryPointsFactsShowTargetPauseWaitingClientsAndTheRules() throws Exception {
    Facts f = facts();

    assertEquals("pg-a", f.pointsAt("pool").orElseThrow());
    assertEquals("false", f.property("pool.paused").orElseThrow());
    assertEquals("0", f.property("pool.waiting-clients").orElseThrow());
    assertEquals("transaction", f.property("pool.pool-mode").orElseThrow());
    assertEquals("10000", f.property("pool.query-wait-timeout-ms").orElseThrow());
    assertEquals("127.0.0.1:" + pair.pgA().port(), f.property("pool.target").orElseThrow());
  }

  @Test
  void aClientThatQueriesWhileHeldWaitsAndIsAnsweredByTheNewTarget() throws Exception {
    ActionResult held = redirector.hold(ep, "pg-a", "pg-b", Duration.ofSeconds(1));
    assertTrue(
        held.summary().startsWith("pool holds its clients: PAUSE pgdb took"), held.summary());
    assertEquals("true", facts().property("pool.paused").orElseThrow());
    assertTrue(
        Files.readString(pgbouncer.config()).contains("port=" + pair.pgB().port()),
        "the move is staged in the file");
    assertEquals("127.0.0.1:" + pair.pgA().port(), pgbouncer.target(), "but not reloaded");

    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(this::serverPort);
    dev.baton.testkit.Poll.until(
        Duration.ofSeconds(5),
        "the client to wait at the pooler",
        () -> facts().property("pool.waiting-clients").orElse("0").equals("1"));
    ActionResult released = redirector.release(ep, "pg-b");

    assertEquals(pair.pgB().port(), port.get(5, TimeUnit.SECONDS));
    assertTrue(redirector.verify(ep, "pg-b"));
    assertFalse(pgbouncer.paused());
    assertEquals(1L, released.get(ResultKey.WAITING_CLIENTS).orElseThrow());
    assertTrue(released.get(ResultKey.PAUSE_MS).orElseThrow() >= 0);
    assertTrue(
        Files.readString(pgbouncer.config())
            .contains("pgdb = host=127.0.0.1 port=" + pair.pgB().port() + " dbname=postgres"));
  }

  @Test
  void releasingBackOntoTheOldTargetUndoesTheStagedMoveAndResumes() throws Exception {
    redirector.hold(ep, "pg-a", "pg-b", Duration.ofSeconds(1));

    ActionResult back = redirector.release(ep, "pg-a");

    assertTrue(back.summary().startsWith("pool points at pg-a"), back.summary());
    assertFalse(pgbouncer.paused());
    assertEquals("127.0.0.1:" + pair.pgA().port(), pgbouncer.target());
    assertTrue(
        Files.readString(pgbouncer.config()).contains("port=" + pair.pgA().port()),
        "the file points at pg-a again, so a later RELOAD keeps it there");
  }

  @Test
  void aPauseThatCannotFinishInTimeResumesAndSaysWhy() throws Exception {
    try (Connection open = DriverManager.getConnection(pgbouncer.clientUrl());
        Statement st = open.createStatement()) {
      open.setAutoCommit(false);
      st.execute("select 1");

      DriverException e =
          assertThrows(
              DriverException.class,
              () -> redirector.hold(ep, "pg-a", "pg-b", Duration.ofMillis(300)));

      assertEquals(
          "PAUSE pgdb did not finish within 300 ms: transactions still ran"
              + " (1 server connections still busy); resumed pgdb, so its clients go on with pg-a",
          e.getMessage());
      assertFalse(pgbouncer.paused());
      open.rollback();
    }
    assertEquals("pg-a", facts().pointsAt("pool").orElseThrow());
    assertTrue(
        Files.readString(pgbouncer.config()).contains("port=" + pair.pgA().port()),
        "the new file was written beside it before the PAUSE, and never renamed over it");
    assertFalse(
        Files.exists(
            pgbouncer.config().resolveSibling(pgbouncer.config().getFileName() + ".baton-tmp")));
  }

  @Test
  void holdingClientsThatAreNotOnTheOldPrimaryIsRefused() throws Exception {
    DriverException e =
        assertThrows(
            DriverException.class,
            () -> redirector.hold(ep, "pg-b", "pg-a", Duration.ofSeconds(1)));

    assertTrue(e.getMessage().startsWith("pool points pgdb at pg-a, not at pg-b;"), e.getMessage());
    assertFalse(pgbouncer.paused());
  }

  @Test
  void aPoolerThatCannotBeReachedIsAFactNotAFailure() throws Exception {
    pgbouncer.close();

    List<Fact> facts = redirector.observe(ep);

    assertEquals(1, facts.size(), facts.toString());
    assertTrue(
        Facts.of(facts).property("pool.unreachable").orElseThrow().contains("cannot reach"),
        facts.toString());
  }

  private int serverPort() {
    try (Connection c = DriverManager.getConnection(pgbouncer.clientUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select inet_server_port()")) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
