package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.LocalTransport;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.Component;
import dev.baton.model.Version;
import dev.baton.testkit.Dirs;
import dev.baton.testkit.pg.LocalPgCluster;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A standby built from a running PostgreSQL 15 primary by the low-level backup API and a tar
 * through the transports, as a 17 standby must be where the 17 binaries have no pg_basebackup. In
 * the driver's package, since the copy is not public; baton-app's tests have the test kit.
 */
class PgStandbyCopyIT {

  private final Transport local = new LocalTransport();
  private final PgSql sql = new PgSql();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private Path root;
  private LocalPgCluster primary;
  private LocalPgCluster standby;

  @BeforeEach
  void startAPrimaryWithRowsAndReserveAnEmptyPlaceForTheStandby() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "bcopy");
    primary = LocalPgCluster.initPrimary(root, "pg-a", PgBinaries.debian(), Ports.free());
    primary.start();
    primary.sql("create table t (id int primary key, v text)");
    primary.sql("insert into t select i, md5(i::text) from generate_series(1, 1000) i");
    standby = LocalPgCluster.reserve(root, "pg-c", PgBinaries.debian(), Ports.free());
  }

  @AfterEach
  void stopBothByTheirPids() {
    sql.close();
    try {
      standby.close();
    } finally {
      primary.close();
      Dirs.deleteTree(root);
    }
  }

  private static Version version() {
    return Version.parse(PgBinaries.debian().version());
  }

  private static PgConfig config(String node, LocalPgCluster c) throws DriverException {
    return PgConfig.of(
        new Component(
            c.name(),
            node,
            "postgresql",
            version(),
            "pg",
            "replica",
            0,
            Map.of(
                "port",
                Integer.toString(c.port()),
                "dataDir",
                c.dataDir().toString(),
                "socketDir",
                c.dir().toString(),
                "logFile",
                c.logFile().toString(),
                "bin." + version(),
                PgBinaries.debian().binDir().toString())));
  }

  @Test
  void aStandbyCopiedWithoutPgBasebackupHasTheRowsAndStreamsTheNextOne() throws Exception {
    PgConfig a = config("node-a", primary);
    PgConfig c = config("node-c", standby);
    Shutdowns shutdowns = new Shutdowns();
    PgActions actions = new PgActions(sql, new PgObserver(sql, shutdowns), shutdowns, any -> local);
    PgStandbyCopy copy = new PgStandbyCopy(sql, actions, Duration.ofMinutes(5), progress::add);

    ActionResult r = copy.copy(a, local, c, local, version(), PgStandbyCopy.Existing.REFUSE);
    System.out.println(r.summary());

    assertTrue(
        r.summary()
            .startsWith("pg-c streams from pg-a as a new standby, copied without pg_basebackup ("),
        r.summary());
    assertTrue(progress.get(0).startsWith("copying the data directory of pg-a"), "" + progress);
    assertEquals("1000", standby.sql("select count(*) from t"));
    assertEquals("t", standby.sql("select pg_is_in_recovery()"));
    assertEquals(
        "pg_c|streaming",
        primary.sql(
            "select s.slot_name || '|' || r.state from pg_replication_slots s"
                + " join pg_stat_replication r on r.pid = s.active_pid"));

    primary.sql("insert into t values (1001, 'after the copy')");
    primary.awaitStreamingTo(standby, Duration.ofSeconds(30));

    assertEquals("after the copy", standby.sql("select v from t where id = 1001"));
    DriverException again =
        assertThrows(
            DriverException.class,
            () -> copy.copy(a, local, c, local, version(), PgStandbyCopy.Existing.REFUSE));
    assertEquals(
        "the data directory "
            + standby.dataDir()
            + " of pg-c on node-c is not empty; a copy goes only into an empty or absent"
            + " directory",
        again.getMessage());
  }

  @Test
  void replacingRefusesARunningStandbyAndOtherwiseCopiesAgainOnItsKeptSlot() throws Exception {
    PgConfig a = config("node-a", primary);
    PgConfig c = config("node-c", standby);
    Shutdowns shutdowns = new Shutdowns();
    PgActions actions = new PgActions(sql, new PgObserver(sql, shutdowns), shutdowns, any -> local);
    PgStandbyCopy copy = new PgStandbyCopy(sql, actions, Duration.ofMinutes(5), progress::add);
    copy.copy(a, local, c, local, version(), PgStandbyCopy.Existing.REFUSE);
    long pid = standby.postmasterPid().orElseThrow();

    DriverException running =
        assertThrows(
            DriverException.class,
            () -> copy.copy(a, local, c, local, version(), PgStandbyCopy.Existing.REPLACE));
    standby.stop();
    primary.sql("insert into t values (1002, 'while it was down')");
    ActionResult r = copy.copy(a, local, c, local, version(), PgStandbyCopy.Existing.REPLACE);

    assertEquals(
        "a server (pid "
            + pid
            + ") runs from the data directory "
            + standby.dataDir()
            + " of pg-c on node-c; stop it before it is replaced",
        running.getMessage());
    assertTrue(r.evidence().contains("emptied the data directory"), r.evidence());
    assertTrue(r.evidence().contains("kept slot pg_c"), r.evidence());
    assertEquals("while it was down", standby.sql("select v from t where id = 1002"));
  }
}
