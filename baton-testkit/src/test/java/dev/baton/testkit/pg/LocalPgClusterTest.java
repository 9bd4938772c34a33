package dev.baton.testkit.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One real server: a minor upgrade from 15.8 to Debian's 15.x, and a SIGKILL. */
class LocalPgClusterTest {

  private Path root;
  private LocalPgCluster cluster;

  @BeforeEach
  void createRoot() throws Exception {
    // Short, because the Unix socket lives under it.
    root = Files.createTempDirectory(Path.of("/tmp"), "bpg-");
    PgProcess.giveToPostgres(root);
    cluster = LocalPgCluster.initPrimary(root, "pg", PgBinaries.zonky158(), Ports.free());
  }

  @AfterEach
  void stopEverything() {
    try {
      cluster.close();
    } finally {
      Dirs.deleteTree(root);
    }
  }

  @Test
  void clusterInitialisedBy158StartsUnderDebiansBinariesWithItsData() throws Exception {
    cluster.start();
    assertEquals("15.8", cluster.sql("SHOW server_version"));
    cluster.sql("CREATE TABLE kept AS SELECT 'before upgrade'::text AS v");
    cluster.stop();
    assertFalse(cluster.isRunning());

    cluster.useBinaries(PgBinaries.debian());
    cluster.start();
    assertEquals("before upgrade", cluster.sql("SELECT v FROM kept"));
    String version = cluster.sql("SHOW server_version");
    assertTrue(version.startsWith(PgBinaries.debian().version() + " "), version);
  }

  @Test
  void kill9StopsTheServerAndCloseStillCleansUp() throws Exception {
    cluster.start();
    assertEquals("1", cluster.sql("SELECT 1"));
    String dataDir = cluster.dataDir().toString();
    assertEquals(1, PgProcess.livePidsMentioning(dataDir).size());

    KillPostgres.kill9(cluster);
    assertFalse(cluster.isRunning());
    Poll.until(Duration.ofSeconds(10), "connections refused", () -> refuses(cluster));
    cluster.close();

    assertEquals(List.of(), PgProcess.livePidsMentioning(dataDir));
    assertFalse(Files.exists(cluster.dir()));
  }

  @Test
  void killedServerStartsAgainWithItsCommittedData() throws Exception {
    cluster.start();
    cluster.sql("CREATE TABLE t AS SELECT 7 AS id");
    KillPostgres.kill9(cluster);
    // postmaster.pid is left behind, as after a real crash; start() must still work.
    assertTrue(Files.exists(cluster.dataDir().resolve("postmaster.pid")));
    cluster.start();
    assertEquals("7", cluster.sql("SELECT id FROM t"));
  }

  private static boolean refuses(LocalPgCluster c) {
    try {
      c.sql("SELECT 1");
      return false;
    } catch (SQLException e) {
      return true;
    }
  }
}
