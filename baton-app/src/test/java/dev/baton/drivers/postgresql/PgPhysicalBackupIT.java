package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.Command;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Base backups of PostgreSQL 16 and 17 servers without pg_basebackup, and their restores onto
 * another server, on real servers from the zonky builds (which hold no pg_basebackup at all).
 */
class PgPhysicalBackupIT {

  private static final int PRELOADED = 200_000;

  private final Transport local = new LocalTransport();
  private final PgSql sql = new PgSql();
  private final Shutdowns shutdowns = new Shutdowns();
  private final PgActions actions =
      new PgActions(sql, new PgObserver(sql, shutdowns), shutdowns, any -> local);
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final List<LocalPgCluster> clusters = new ArrayList<>();
  private Consumer<String> onProgress = line -> {};
  private Path root;

  @BeforeEach
  void makeARoot() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "bbackup");
  }

  @AfterEach
  void stopEveryServerByItsPid() {
    sql.close();
    try {
      for (LocalPgCluster c : clusters) {
        c.close();
      }
    } finally {
      Dirs.deleteTree(root);
    }
  }

  private PgPhysicalBackup backups() {
    return new PgPhysicalBackup(
        sql,
        actions,
        Duration.ofMinutes(5),
        line -> {
          progress.add(line);
          onProgress.accept(line);
        });
  }

  private LocalPgCluster running(String name, PgBinaries bin) {
    LocalPgCluster c = LocalPgCluster.initPrimary(root, name, bin, Ports.free());
    clusters.add(c);
    c.start();
    return c;
  }

  /** The component of a cluster, with its own backup directory and binaries of both majors. */
  private static PgConfig config(String node, LocalPgCluster c) throws DriverException {
    Map<String, String> p = new HashMap<>();
    p.put("port", Integer.toString(c.port()));
    p.put("dataDir", c.dataDir().toString());
    p.put("socketDir", c.dir().toString());
    p.put("logFile", c.logFile().toString());
    p.put("backupDir", c.dir().resolve("backups").toString());
    p.put("toolsDir", PgBinaries.debian().binDir().toString()); // pg_controldata
    for (PgBinaries b : List.of(PgBinaries.zonky16(), PgBinaries.zonky17())) {
      p.put("bin." + b.version(), b.binDir().toString());
    }
    Version declared = Version.parse(c.binaries().version());
    return PgConfig.of(
        new Component(c.name(), node, "postgresql", declared, "pg", "primary", 0, p));
  }

  private static Optional<String> file(Path p) throws Exception {
    return Files.exists(p) ? Optional.of(Files.readString(p)) : Optional.empty();
  }

  @Test
  void anOnlineBackupTakenUnderWritesRestoresOntoAnotherServerWithEveryRowCommittedBeforeIt()
      throws Exception {
    // Given a 16 server with rows and a writer that keeps inserting, and a second 16 server
    LocalPgCluster a = running("pg-a", PgBinaries.zonky16());
    a.sql("create table t (id bigint primary key, v text)");
    a.sql("insert into t select i, md5(i::text) from generate_series(1, " + PRELOADED + ") i");
    LocalPgCluster b = running("pg-b", PgBinaries.zonky16());
    b.sql("create table only_on_b (x int)");
    PgConfig ca = config("node-a", a);
    PgConfig cb = config("node-b", b);
    AtomicLong committed = new AtomicLong(PRELOADED);
    AtomicLong committedAtStart = new AtomicLong(-1);
    onProgress =
        line -> {
          if (line.startsWith("copying the data directory of pg-a")) {
            committedAtStart.set(committed.get()); // pg_backup_start has returned
          }
        };
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> insertUntilStopped(a, committed, writing), "writer");
    writer.start();

    // When it is backed up while the writer inserts, and restored onto the second server
    ActionResult backup;
    long t0 = System.nanoTime();
    try {
      awaitWrites(committed);
      backup = backups().backup(ca, local, "base-1", "key-1");
    } finally {
      writing.set(false);
      writer.join(Duration.ofSeconds(30).toMillis());
    }
    long backupMs = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    ActionResult restore = backups().restore(cb, local, ca, local, "base-1", "restore-key");
    long restoreMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println(backup.summary() + "\n" + backup.evidence() + "\n" + restore.summary());
    System.out.println("measured: backup " + backupMs + " ms, restore " + restoreMs + " ms");

    // Then the backup is online and verified as PgActions.backup marks one
    assertFalse(writer.isAlive(), "the writer stopped");
    assertTrue(
        backup
            .summary()
            .startsWith("pg-a backed up online to " + ca.backupDir() + "/base-1 and verified ("),
        backup.summary());
    assertEquals(Optional.of("key-1\n"), file(Path.of(ca.backupDir(), "base-1", ".verified")));
    assertEquals(Optional.of("base-1"), Backups.newestVerified(ca, local));
    // and the second server runs it on its own port with every row committed before the start
    assertTrue(
        restore.summary().startsWith("pg-b restored from pg-a:base-1 (online, ")
            && restore
                .summary()
                .contains(") and runs 16.10 on port " + b.port() + " out of recovery (")
            && restore
                .summary()
                .endsWith(
                    "; its former data directory is kept at "
                        + cb.dataDir()
                        + ".before-restore-base-1"),
        restore.summary());
    assertEquals(Integer.toString(b.port()), b.sql("select current_setting('port')"));
    assertEquals("f", b.sql("select pg_is_in_recovery()"));
    long atStart = committedAtStart.get();
    assertTrue(atStart > PRELOADED, "rows were inserted before the backup started: " + atStart);
    assertEquals(Long.toString(atStart), b.sql("select count(*) from t where id <= " + atStart));
    assertNull(b.sql("select to_regclass('only_on_b')"));
    // and it takes writes, while the source still runs on its own port
    b.sql("insert into t values (-1, 'written after the restore')");
    assertEquals("written after the restore", b.sql("select v from t where id = -1"));
    assertEquals(Integer.toString(a.port()), a.sql("select current_setting('port')"));
    assertEquals(Optional.of("pg-a:base-1"), PgPhysicalBackup.restoredFrom(cb, local));
    assertTrue(Files.isDirectory(Path.of(cb.dataDir() + ".before-restore-base-1")));
    assertTrue(Files.exists(Path.of(cb.dataDir(), "backup_label.old")), "recovered from its label");
    assertFalse(Files.exists(Path.of(cb.dataDir() + ".restore-base-1")));
  }

  /** Inserts batches of wide rows, so that the backup's WAL spans segments, until told to stop. */
  private static void insertUntilStopped(
      LocalPgCluster a, AtomicLong committed, AtomicBoolean writing) {
    String batch =
        "insert into t select i, repeat(md5(i::text), 8) from generate_series(?::bigint, ?) i";
    try (Connection c = DriverManager.getConnection(a.jdbcUrl());
        PreparedStatement insert = c.prepareStatement(batch)) {
      for (int i = 0; i < 100_000 && writing.get(); i++) {
        long last = committed.get() + 500;
        insert.setLong(1, committed.get() + 1);
        insert.setLong(2, last);
        insert.executeUpdate();
        committed.set(last); // autocommit: committed once executeUpdate returns
      }
    } catch (Exception e) {
      throw new IllegalStateException("the writer failed: " + e, e);
    }
  }

  private static void awaitWrites(AtomicLong committed) {
    dev.baton.testkit.Poll.until(
        Duration.ofSeconds(10), "the writer's first rows", () -> committed.get() > PRELOADED + 100);
  }

  @Test
  void aStoppedServerIsBackedUpColdAndAHalfMadeLabelIsMadeAgainThenKept() throws Exception {
    // Given a stopped 16 server, and a label directory a crash left without .verified
    LocalPgCluster e = running("pg-e", PgBinaries.zonky16());
    e.sql("create table t as select i from generate_series(1, 1000) i");
    e.stop();
    PgConfig ce = config("node-e", e);
    Path half = Path.of(ce.backupDir(), "cold-1");
    // as the server's OS user, who makes the backups
    local.run(
        new Command(
            List.of(
                "sh",
                "-c",
                "mkdir -p \"$1\" && echo stopped here > \"$1/half-copied\"",
                "sh",
                half.toString()),
            "postgres",
            Duration.ofSeconds(10)));
    assertTrue(Files.exists(half.resolve("half-copied")));

    // When it is backed up with that label, and again after a crash between the two markers
    ActionResult first = backups().backup(ce, local, "cold-1", "key-1");
    Files.delete(Path.of(ce.backupDir(), "LATEST"));
    ActionResult again = backups().backup(ce, local, "cold-1", "key-2");

    // Then the half-made directory was made again as a cold backup, and the second call keeps it
    assertTrue(
        first
            .summary()
            .startsWith(
                "pg-e backed up cold (the server is stopped) to " + half + " and verified ("),
        first.summary());
    assertTrue(
        first
            .evidence()
            .contains("deleted " + half + ", an unverified backup an earlier attempt left"),
        first.evidence());
    assertEquals(Optional.of("cold"), first.get(PgPhysicalBackup.BACKUP_KIND));
    assertFalse(Files.exists(half.resolve("half-copied")));
    assertFalse(Files.exists(half.resolve("postmaster.pid")));
    assertTrue(Files.exists(half.resolve(BackupManifest.FILE)));
    assertEquals("pg-e already has the verified backup " + half, again.summary());
    assertEquals(
        "verified by key-1; " + ce.backupDir() + "/LATEST did not name it, and does now",
        again.evidence());
    assertEquals(Optional.of("key-1\n"), file(half.resolve(".verified")));
    assertEquals(Optional.of("cold-1"), Backups.newestVerified(ce, local));

    // and the cold backup starts: restored onto the server it came from
    ActionResult restore = backups().restore(ce, local, ce, local, "cold-1", "restore-key");
    System.out.println(first.summary() + "\n" + restore.summary());
    assertEquals("1000", e.sql("select count(*) from t"));
    assertEquals(Optional.of("cold"), restore.get(PgPhysicalBackup.BACKUP_KIND));
  }

  @Test
  void a17BackupRestoredOntoA16ServerRunsOn17OnTheTargetsPortAndKeepsTheOldDirectory()
      throws Exception {
    // Given a 17 server and a 16 server on one node
    LocalPgCluster c = running("pg-c", PgBinaries.zonky17());
    c.sql("create table t as select i, md5(i::text) v from generate_series(1, 50000) i");
    LocalPgCluster d = running("pg-d", PgBinaries.zonky16());
    PgConfig cc = config("node-1", c);
    PgConfig cd = config("node-1", d);

    // When the 17 server's backup is restored onto the 16 server, twice
    long t0 = System.nanoTime();
    ActionResult backup = backups().backup(cc, local, "up-1", "key-1");
    long backupMs = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    ActionResult restore = backups().restore(cd, local, cc, local, "up-1", "restore-key");
    long restoreMs = (System.nanoTime() - t0) / 1_000_000;
    ActionResult again = backups().restore(cd, local, cc, local, "up-1", "restore-key");
    System.out.println(backup.summary() + "\n" + restore.summary() + "\n" + again.summary());
    System.out.println("measured: backup " + backupMs + " ms, restore " + restoreMs + " ms");

    // Then the target runs 17 on its own port, its 16 directory kept, and the second call is a
    // no-op
    String kept = cd.dataDir() + ".before-restore-up-1";
    assertTrue(
        restore.summary().contains(") and runs 17.6 on port " + d.port()), restore.summary());
    assertTrue(d.sql("select current_setting('server_version_num')").startsWith("17"));
    assertEquals(Integer.toString(d.port()), d.sql("select current_setting('port')"));
    assertEquals("50000", d.sql("select count(*) from t"));
    assertEquals(Optional.of("16\n"), file(Path.of(kept, "PG_VERSION")));
    assertEquals(Optional.of(kept), restore.get(PgRestore.KEPT_DATA_DIR));
    assertEquals(
        "pg-d already runs restored from pg-c:up-1; its former data directory is kept at " + kept,
        again.summary());
    assertEquals(Integer.toString(c.port()), c.sql("select current_setting('port')"));
    d.stop(); // pg_ctl stop signals the postmaster whatever its major
    d.useBinaries(PgBinaries.zonky17());
  }

  @Test
  void aRestoreThatCrashedAfterMovingTheDataAsideIsFinishedWithTheTargetsOwnSettings()
      throws Exception {
    // Given a backup of one 16 server, and a second one a crash left half-restored: its data
    // directory moved aside, and a staging copy that is not whole
    LocalPgCluster h = running("pg-h", PgBinaries.zonky16());
    h.sql("create table t as select i from generate_series(1, 1000) i");
    LocalPgCluster i = running("pg-i", PgBinaries.zonky16());
    PgConfig ch = config("node-1", h);
    PgConfig ci = config("node-1", i);
    backups().backup(ch, local, "r-1", "key-1");
    i.stop();
    String data = ci.dataDir();
    local.run(
        new Command(
            List.of(
                "sh",
                "-c",
                "mv \"$1\" \"$1.before-restore-r-1\" && mkdir \"$1.restore-r-1\""
                    + " && echo stopped here > \"$1.restore-r-1/half-copied\"",
                "sh",
                data),
            "postgres",
            Duration.ofSeconds(10)));

    // When the restore is called again
    ActionResult r = backups().restore(ci, local, ch, local, "r-1", "restore-key");

    // Then it copies again, taking the settings from the directory aside, and finishes
    assertTrue(
        r.evidence().contains("deleted " + data + ".restore-r-1, a staging copy an earlier"),
        r.evidence());
    assertEquals(Integer.toString(i.port()), i.sql("select current_setting('port')"));
    assertEquals("1000", i.sql("select count(*) from t"));
    assertFalse(Files.exists(Path.of(data, "half-copied")));
    assertFalse(Files.exists(Path.of(data, ".baton-staged")));
    assertEquals(Optional.of("pg-h:r-1"), PgPhysicalBackup.restoredFrom(ci, local));
  }

  @Test
  void aCorruptedBackupIsNeitherMarkedVerifiedNorRestored() throws Exception {
    // Given a 16 server, and a file of its backup corrupted before the backup is verified
    LocalPgCluster f = running("pg-f", PgBinaries.zonky16());
    PgConfig cf = config("node-1", f);
    LocalPgCluster g = LocalPgCluster.reserve(root, "pg-g", PgBinaries.zonky16(), Ports.free());
    clusters.add(g);
    PgConfig cg = config("node-1", g);
    Path bad = Path.of(cf.backupDir(), "bad-1");
    onProgress =
        line -> {
          if (line.startsWith("verifying the backup " + bad)) {
            flipBytes(bad.resolve("base/1/1259"));
          }
        };

    // When it is backed up
    DriverException unverified =
        assertThrows(DriverException.class, () -> backups().backup(cf, local, "bad-1", "key-1"));

    // Then verification names the file, and neither marker is written
    assertEquals(
        "the backup "
            + bad
            + " of pg-f is not verified: 1 file(s) differ from its manifest: base/1/1259 has"
            + " another SHA-256 than the manifest says",
        unverified.getMessage());
    assertFalse(Files.exists(bad.resolve(".verified")));
    assertFalse(Files.exists(Path.of(cf.backupDir(), "LATEST")));
    // and a restore refuses it
    DriverException refused =
        assertThrows(
            DriverException.class, () -> backups().restore(cg, local, cf, local, "bad-1", "k"));
    assertEquals(
        "refusing to restore pg-f:bad-1 onto pg-g: "
            + bad
            + "/.verified is missing on node node-1, so the backup is not verified",
        refused.getMessage());

    // When a verified backup is corrupted afterwards
    onProgress = line -> {};
    backups().backup(cf, local, "good-1", "key-2");
    Path good = Path.of(cf.backupDir(), "good-1");
    flipBytes(good.resolve("global/pg_control"));

    // Then the restore verifies it again first, and refuses before it touches the target
    DriverException changed =
        assertThrows(
            DriverException.class, () -> backups().restore(cg, local, cf, local, "good-1", "k"));
    assertEquals(
        "the backup "
            + good
            + " of pg-f is not verified: 1 file(s) differ from its manifest: global/pg_control has"
            + " another SHA-256 than the manifest says",
        changed.getMessage());
    assertFalse(Files.exists(Path.of(cg.dataDir() + ".restore-good-1")));
  }

  private static void flipBytes(Path p) {
    try {
      byte[] bytes = Files.readAllBytes(p);
      for (int i = 100; i < 108; i++) {
        bytes[i] ^= (byte) 0xff;
      }
      Files.write(p, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
