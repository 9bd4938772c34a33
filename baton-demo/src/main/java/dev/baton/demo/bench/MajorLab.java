package dev.baton.demo.bench;

import dev.baton.engine.Driver;
import dev.baton.testkit.Timing;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import dev.baton.testkit.pgbouncer.LocalPgBouncer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The lab of a major upgrade: a real PostgreSQL 15 pair with {@code wal_level = logical} behind a
 * real PgBouncer, the workload client writing through it, and two members of major 17 (pg-c, the
 * new primary, and pg-d, its standby) that the topology declares but that do not exist yet. The
 * servers Baton starts for pg-c and pg-d are stopped by {@link #close} from their pid files.
 */
public final class MajorLab implements AutoCloseable {

  private final LocalPgPair pair;
  private final LocalPgBouncer pgbouncer;
  private final Path copies;
  private final int portC;
  private final int portD;
  private PgScenario scenario;

  private MajorLab(LocalPgPair pair, LocalPgBouncer pgbouncer, Path copies, int portC, int portD) {
    this.pair = pair;
    this.pgbouncer = pgbouncer;
    this.copies = copies;
    this.portC = portC;
    this.portD = portD;
  }

  /**
   * Starts the lab with {@code bulkRows} rows of about 120 bytes in four tables besides the
   * workload's, so that the copy's initial synchronisation has something to carry.
   */
  public static MajorLab start(Path home, Driver.Factory drivers, long bulkRows) throws Exception {
    return start(home, drivers, bulkRows, true);
  }

  /**
   * As {@link #start(Path, Driver.Factory, long)}; {@code logical} false leaves the primary at
   * {@code wal_level = replica}, which the upgrade must raise first.
   */
  public static MajorLab start(Path home, Driver.Factory drivers, long bulkRows, boolean logical)
      throws Exception {
    return start(home, drivers, bulkRows, logical, 0);
  }

  /**
   * As {@link #start(Path, Driver.Factory, long, boolean)}, with the pooler's pause budget set to
   * {@code pauseBudgetMs} when it is positive (else its default).
   */
  public static MajorLab start(
      Path home, Driver.Factory drivers, long bulkRows, boolean logical, long pauseBudgetMs)
      throws Exception {
    LocalPgPair pair = LocalPgPair.start(PgBinaries.debian());
    LocalPgBouncer pgbouncer = null;
    try {
      if (logical) {
        pair.pgA().appendSettings("wal_level = logical\n");
        pair.pgA().stop();
        pair.pgA().start();
      }
      pair.awaitStreaming(Timing.scaled(Duration.ofSeconds(30)));
      pair.pgA().sql("create table orders (id serial primary key, note text not null)");
      pair.pgA().sql("insert into orders (note) select 'before' from generate_series(1, 50)");
      for (int i = 1; i <= 4 && bulkRows > 0; i++) {
        pair.pgA()
            .sql(
                "create table bulk"
                    + i
                    + " as select g::bigint as id, repeat(md5(g::text), 3) as payload"
                    + " from generate_series(1, "
                    + bulkRows / 4
                    + ") g; alter table bulk"
                    + i
                    + " add primary key (id)");
      }
      pgbouncer = LocalPgBouncer.start(pair);
      Path copies = pair.root().resolve("v17");
      Files.createDirectories(copies);
      PgProcess.giveToPostgres(copies);
      MajorLab lab = new MajorLab(pair, pgbouncer, copies, Ports.free(), Ports.free());
      String topology = lab.topology();
      if (pauseBudgetMs > 0) {
        topology =
            topology.replace(
                "      clientUrl:",
                "      pauseBudgetMs: \"" + pauseBudgetMs + "\"\n      clientUrl:");
      }
      lab.scenario =
          PgScenario.start(
              home, pair, topology, pgbouncer.clientUrl(), drivers, List.of(pgbouncer));
      return lab;
    } catch (Exception | Error e) {
      if (pgbouncer != null) {
        pgbouncer.close();
      }
      pair.close();
      throw e;
    }
  }

  public PgScenario scenario() {
    return scenario;
  }

  public LocalPgPair pair() {
    return pair;
  }

  public LocalPgBouncer pgbouncer() {
    return pgbouncer;
  }

  /** The port of pg-c (the new primary) and pg-d (its standby) on 127.0.0.1. */
  public int port(String member) {
    return member.equals("pg-c") ? portC : portD;
  }

  /** A JDBC URL of pg-c or pg-d as user postgres. */
  public String url(String member) {
    return "jdbc:postgresql://127.0.0.1:" + port(member) + "/postgres?user=postgres";
  }

  /** Where pg-c and pg-d keep their data directories and logs. */
  public Path copies() {
    return copies;
  }

  /** The pair behind PgBouncer, and the two members of major 17 that will replace it. */
  private String topology() {
    PgBinaries v17 = PgBinaries.zonky17();
    String pooled = pgbouncer.topology(pair.topologyYaml(), "node-a");
    String servers =
        "      server.pg-c: \"127.0.0.1:"
            + portC
            + "\"\n      server.pg-d: \"127.0.0.1:"
            + portD
            + "\"\n";
    pooled = pooled.replace("      clientUrl:", servers + "      clientUrl:");
    String members = member("pg-c", "primary", portC, v17) + member("pg-d", "replica", portD, v17);
    pooled = pooled.replace("replication:\n", members + "replication:\n");
    return pooled.replace(
        "entryPoints:\n",
        "  - name: pg17-stream\n    from: pg-c\n    to: pg-d\n    kind: streaming\nentryPoints:\n");
  }

  private String member(String name, String role, int port, PgBinaries v17) {
    Path dir = copies.resolve(name);
    return "  - name: "
        + name
        + "\n    node: node-a\n    kind: postgresql\n    version: \""
        + v17.version()
        + "\"\n    roleGroup: pg17\n    role: "
        + role
        + "\n    properties:\n      host: \"127.0.0.1\"\n      port: \""
        + port
        + "\"\n      dataDir: \""
        + dir.resolve("data")
        + "\"\n      socketDir: \""
        + copies
        + "\"\n      logFile: \""
        + dir.resolve(name + ".log")
        + "\"\n      osUser: \"postgres\"\n      bin."
        + v17.version()
        + ": \""
        + v17.binDir()
        + "\"\n      toolsDir: \""
        + PgBinaries.debian().binDir()
        + "\"\n      upgradeOf: \"pg\"\n";
  }

  /** Stops the servers Baton started for pg-c and pg-d, by the pids in their pid files. */
  public void stopCopies() throws Exception {
    for (String name : List.of("pg-d", "pg-c")) {
      Path pidFile = copies.resolve(name).resolve("data/postmaster.pid");
      if (!Files.exists(pidFile)) {
        continue;
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      if (!PgProcess.isAlive(pid)) {
        continue;
      }
      PgProcess.run(Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(pid)));
      long deadline = System.nanoTime() + Timing.scaled(Duration.ofSeconds(30)).toNanos();
      while (PgProcess.isAlive(pid) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      if (PgProcess.isAlive(pid)) {
        throw new IllegalStateException(name + " (pid " + pid + ") did not stop within 30 s");
      }
    }
  }

  /** One value from pg-c or pg-d. */
  public String sql(String member, String query) throws SQLException {
    try (var c = java.sql.DriverManager.getConnection(url(member));
        var st = c.createStatement();
        var rs = st.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Stops pg-c and pg-d, then the scenario (the workload, PgBouncer and the pair). */
  @Override
  public void close() throws Exception {
    try {
      stopCopies();
    } finally {
      if (scenario != null) {
        scenario.close();
      } else {
        pgbouncer.close();
        pair.close();
      }
    }
  }
}
