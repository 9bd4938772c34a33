package dev.baton.testkit.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.testkit.Poll;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real 15.8 primary and streaming standby. */
class LocalPgPairTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private LocalPgPair pair;
  private LocalPgCluster a;
  private LocalPgCluster b;

  @BeforeEach
  void startPair() {
    pair = LocalPgPair.start();
    a = pair.pgA();
    b = pair.pgB();
  }

  @AfterEach
  void closePair() {
    pair.close();
  }

  @Test
  void standbyReplaysWhatThePrimaryWritesAndTheUrlFindsThePrimary() throws Exception {
    assertEquals("15.8", a.sql("SHOW server_version"));
    assertEquals("f", a.sql("SELECT pg_is_in_recovery()"));
    assertEquals("t", b.sql("SELECT pg_is_in_recovery()"));

    a.sql("CREATE TABLE t (id int PRIMARY KEY)");
    a.sql("INSERT INTO t VALUES (42)");
    Poll.until(WAIT, "row 42 on pg-b", () -> "1".equals(b.sql("SELECT count(*) FROM t")));

    try (Connection c = DriverManager.getConnection(pair.multiHostUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
      assertTrue(rs.next());
      assertEquals(a.port(), rs.getInt(1));
    }
  }

  @Test
  void pausedReplayHoldsBackTheStandbyUntilResumed() throws Exception {
    a.sql("CREATE TABLE t (id int)");
    pair.awaitStreaming(WAIT);

    KillPostgres.pauseReplay(b);
    Poll.until(
        WAIT,
        "replay paused",
        () -> "paused".equals(b.sql("SELECT pg_get_wal_replay_pause_state()")));
    a.sql("INSERT INTO t VALUES (1)");
    // The standby receives the WAL but must not apply it while paused.
    Poll.until(
        WAIT,
        "pg-b to receive the insert",
        () -> "t".equals(b.sql("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()")));
    assertEquals("0", b.sql("SELECT count(*) FROM t"));

    KillPostgres.resumeReplay(b);
    Poll.until(WAIT, "the row on pg-b", () -> "1".equals(b.sql("SELECT count(*) FROM t")));
  }

  @Test
  void topologyOfThePairLoadsWithItsProperties() throws Exception {
    Topology t = TopologyLoader.parse(pair.topologyYaml(), "pair.yaml").topology();

    assertEquals("postgresql", t.driver());
    assertEquals(List.of("pg-stream"), t.links().stream().map(l -> l.name()).toList());
    Component ca = t.requireComponent("pg-a");
    Component cb = t.requireComponent("pg-b");
    assertEquals("primary", ca.declaredRole());
    assertEquals("replica", cb.declaredRole());
    assertEquals("15.8", cb.version().text());
    assertEquals(Integer.toString(a.port()), ca.properties().get("port"));
    Map<String, String> p = cb.properties();
    assertEquals(Integer.toString(b.port()), p.get("port"));
    assertEquals(b.dataDir().toString(), p.get("dataDir"));
    assertEquals(b.dir().toString(), p.get("socketDir"));
    assertEquals(b.logFile().toString(), p.get("logFile"));
    assertEquals("postgres", p.get("osUser"));
    assertEquals(PgBinaries.zonky158().binDir().toString(), p.get("bin.15.8"));
    String debian = PgBinaries.DEBIAN_BIN.toString();
    assertEquals(debian, p.get("bin." + PgBinaries.debian().version()));
    assertEquals(debian, p.get("toolsDir"));
    assertTrue(Files.isDirectory(Path.of(p.get("backupDir"))));
    assertEquals(pair.root().resolve("pair.yaml"), pair.writeTopology(pair.root()));
  }

  @Test
  void closeStopsBothServersAndDeletesTheRoot() {
    pair.close();
    assertFalse(a.isRunning() || b.isRunning());
    assertEquals(List.of(), PgProcess.livePidsMentioning(pair.root().toString()));
    assertFalse(Files.exists(pair.root()));
  }
}
