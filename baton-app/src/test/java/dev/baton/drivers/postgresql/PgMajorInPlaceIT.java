package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.LocalTransport;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.Component;
import dev.baton.model.Version;
import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgCluster;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL 16 server upgraded to 17 in place by copying its catalog and rows over JDBC into a
 * new cluster beside it, then swapping the directories: the zonky builds have neither pg_upgrade
 * nor pg_dump, and Debian's pg_dump 15 refuses both servers.
 */
class PgMajorInPlaceIT {

  private static final Version V16 = Version.parse("16.10");
  private static final Version V17 = Version.parse("17.6");

  /** What each check reads: a digest of every row of every table, and more. */
  private static final Map<String, String> CHECKS = new LinkedHashMap<>();

  static {
    for (String table :
        List.of(
            "app.customers",
            "app.orders",
            "app.audit",
            "app.feelings",
            "app.plain",
            "app.scratch",
            "app.side_counts",
            "app.early")) {
      CHECKS.put(
          "main " + table,
          "select count(*) || ' ' || md5(coalesce(string_agg(t::text, ',' order by t::text), ''))"
              + " from "
              + table
              + " t");
    }
    CHECKS.put(
        "report daily",
        "select count(*) || ' ' || md5(string_agg(t::text, ',' order by day)) from daily t");
    CHECKS.put("main view", "select md5(string_agg(t::text, ',')) from app.big_customers t");
    CHECKS.put("main sample", "select o::text from app.orders o where id = 12345");
    CHECKS.put(
        "postgres app role",
        "select rolname || ' ' || rolpassword || ' ' || rolcanlogin from pg_authid"
            + " where rolname = 'app'");
    CHECKS.put(
        "postgres settings",
        "select string_agg(array_to_string(setconfig, ','), ';' order by setconfig::text)"
            + " from pg_db_role_setting where setconfig::text not like '%read_only%'");
    CHECKS.put(
        "main grants",
        "select has_table_privilege('app', 'app.orders', 'INSERT')::text || ' '"
            + " || has_table_privilege('app', 'app.customers', 'SELECT')::text || ' '"
            + " || has_column_privilege('app', 'app.customers', 'name', 'SELECT')::text || ' '"
            + " || has_function_privilege('app', 'app.next_code()', 'EXECUTE')::text");
    CHECKS.put(
        "main functions",
        "select app.customer_count() || ' ' || app.order_label(o) from app.orders o where id = 5");
    CHECKS.put(
        "main table settings",
        "select string_agg(c.relname || ':' || c.relpersistence::text || c.relreplident::text, ',' order by"
            + " c.relname) || ' ' || (select string_agg(tgname || ':' || tgenabled::text, ',' order by"
            + " tgname) from pg_trigger where not tgisinternal) from pg_class c join pg_namespace n"
            + " on n.oid = c.relnamespace where n.nspname = 'app' and c.relkind in ('r', 'm')");
    CHECKS.put(
        "main default privileges",
        "select string_agg(defaclobjtype::text || ' ' || coalesce(defaclnamespace::regnamespace::text,"
            + " '-') || ' ' || defaclacl::text, '; ' order by defaclobjtype) from pg_default_acl");
    CHECKS.put(
        "main comment",
        "select obj_description('app.orders'::regclass) || ' / '"
            + " || col_description('app.orders'::regclass, 6)");
  }

  private final Transport local = new LocalTransport();
  private final PgSql sql = new PgSql(secret -> "baton-secret");
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private Path root;
  private LocalPgCluster pg;
  private PgConfig c;

  @BeforeEach
  void givenA16ServerWhereBatonLogsInWithAPassword() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "bmajor");
    PgBinaries.zonky17(); // unpacked before the clock of any upgrade starts
    pg = LocalPgCluster.initPrimary(root, "pg-a", PgBinaries.zonky16(), Ports.free());
    // Baton's own user must give its password; everyone else is trusted, as before.
    Path hba = pg.dataDir().resolve("pg_hba.conf");
    String rest = Files.readString(hba);
    Files.writeString(
        hba,
        "host all baton 127.0.0.1/32 scram-sha-256\n" + rest,
        StandardOpenOption.TRUNCATE_EXISTING);
    pg.start();
    pg.sql("create role baton superuser login password 'baton-secret'");
    c = config();
  }

  @AfterEach
  void stopEveryServerByItsPid() {
    sql.close();
    try {
      stopByPid(fresh());
    } finally {
      pg.close();
      Dirs.deleteTree(root);
    }
  }

  @Test
  void aCopiedClusterRunsOn17InPlaceWithEveryRowAndTheOldDirectoryKept() throws Exception {
    fill();
    Map<String, String> before = read();
    long ordersMax = Long.parseLong(q("main", "select max(id) from app.orders"));
    long codeMax = Long.parseLong(q("main", "select last_value from app.order_no"));

    long t0 = System.nanoTime();
    ActionResult r = upgrader().upgrade(c, local, V17);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("upgrade took " + ms + " ms: " + r.summary());
    progress.forEach(System.out::println);

    assertEquals("COPIED", r.get(PgMajorInPlace.ROUTE).orElseThrow(), r.summary());
    assertTrue(
        r.summary().startsWith("pg-a runs PostgreSQL 17 (server_version_num 1700"), r.summary());
    assertTrue(r.summary().contains("publications are not carried (main: pub_all)"), r.summary());
    assertTrue(Integer.parseInt(pg.sql("show server_version_num")) >= 170000);
    assertEquals(before, read());
    assertEquals("16\n", Files.readString(kept().resolve("PG_VERSION")));
    assertEquals(kept().toString(), r.get(PgMajorInPlace.KEPT).orElseThrow());
    assertFalse(Files.exists(fresh()), "no new directory is left beside the data directory");
    assertEquals(
        "", pg.sql(PgLogical.READ_ONLY_SQL), "Baton's read-only fence is not in the new cluster");

    // The constraints hold, identities and sequences go on past the old maxima, triggers fire.
    assertEquals(
        "2001",
        q("main", "insert into app.customers (name, side) values ('n', 'A')" + " returning id"));
    SQLException bad =
        assertThrows(
            SQLException.class,
            () -> q("main", "insert into app.customers (name, side) values ('x', 'A')"));
    assertEquals("23514", bad.getSQLState(), bad.getMessage());
    String audits = q("main", "select count(*) from app.audit");
    String order =
        q(
            "main",
            "insert into app.orders (customer_id, amount) values (1, 1) returning id || ' ' ||"
                + " code");
    assertEquals((ordersMax + 1) + " C" + (codeMax + 1), order);
    assertEquals(
        Long.parseLong(audits) + 1, Long.parseLong(q("main", "select count(*) from app.audit")));
    SQLException orphan =
        assertThrows(
            SQLException.class,
            () -> q("main", "insert into app.orders (customer_id) values (99999)"));
    assertEquals("23503", orphan.getSQLState(), orphan.getMessage());

    assertFalse(
        (r.summary() + r.evidence() + progress).contains("SCRAM-SHA-256$"),
        "no password verifier in the result or the progress");

    ActionResult again = upgrader().upgrade(c, local, V17);
    assertEquals("ALREADY", again.get(PgMajorInPlace.ROUTE).orElseThrow(), again.summary());
    assertTrue(again.summary().contains("already ran it"), again.summary());
  }

  @Test
  void aServerHoldingAnExtensionIsRefusedByNameAndNothingChanges() throws Exception {
    fill();
    q("main", "create extension citext");

    DriverException e =
        assertThrows(DriverException.class, () -> upgrader().upgrade(c, local, V17));

    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot upgrade pg-a in place: database main: extension citext: extensions are"
                    + " not carried"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("Nothing was changed"), e.getMessage());
    assertFalse(Files.exists(fresh()));
    assertTrue(Integer.parseInt(pg.sql("show server_version_num")) < 170000);
    assertEquals("", pg.sql(PgLogical.READ_ONLY_SQL));
    assertEquals("1", q("main", "insert into app.plain values (-1, 'still writable') returning 1"));
  }

  @Test
  void aSettingTheNewMajorDropsIsRefusedBeforeTheOldServerIsFenced() throws Exception {
    fill();
    pg.appendSettings("old_snapshot_threshold = -1"); // 16 knows it, 17 does not

    DriverException e =
        assertThrows(DriverException.class, () -> upgrader().upgrade(c, local, V17));

    assertTrue(
        e.getMessage()
            .startsWith(
                "PostgreSQL 17.6 does not accept the configuration of pg-a: LOG: unrecognized"
                    + " configuration parameter \"old_snapshot_threshold\""),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("Nothing was changed on pg-a"), e.getMessage());
    assertEquals("", pg.sql(PgLogical.READ_ONLY_SQL));
    assertEquals("1", q("main", "insert into app.plain values (-1, 'still writable') returning 1"));
  }

  @Test
  void anUnfinishedCopyLeftByACrashIsMadeAgain() throws Exception {
    fill();
    Map<String, String> before = read();
    // A run killed during its copy: a new cluster without the marker, and the fence on.
    PgProcess.asPostgres(
        Duration.ofMinutes(2),
        List.of(
            PgBinaries.zonky17().path("initdb").toString(),
            "-D",
            fresh().toString(),
            "-U",
            "postgres",
            "--locale=C"));
    // Its new cluster outlives it, as a postmaster does when Baton is killed.
    PgProcess.asPostgres(
        Duration.ofMinutes(2),
        List.of(
            PgBinaries.zonky17().path("pg_ctl").toString(),
            "start",
            "-D",
            fresh().toString(),
            "-l",
            root.resolve("orphan.log").toString(),
            "-w",
            "-o",
            "-p " + Ports.free() + " -c unix_socket_directories=" + pg.dir()));
    long orphan = Long.parseLong(Files.readAllLines(fresh().resolve("postmaster.pid")).get(0));
    new PgLogical(sql, null).fenceWrites(c, local);

    ActionResult r = upgrader().upgrade(c, local, V17);

    assertEquals("COPIED_AGAIN", r.get(PgMajorInPlace.ROUTE).orElseThrow(), r.summary());
    assertFalse(PgProcess.isAlive(orphan), "the orphaned new cluster was stopped");
    assertTrue(r.evidence().contains("removed the unfinished copy in " + fresh()), r.evidence());
    assertEquals(before, read());
    assertTrue(Integer.parseInt(pg.sql("show server_version_num")) >= 170000);
  }

  @Test
  void aCheckedCopyIsSwappedInAfterACrashAndSoIsAHalfDoneSwap() throws Exception {
    fill();
    Map<String, String> before = read();
    upgrader().upgrade(c, local, V17);
    // A run killed after it marked its checked copy complete, before it stopped the old server.
    pg.stop();
    Files.move(pg.dataDir(), fresh(), StandardCopyOption.ATOMIC_MOVE);
    Files.move(kept(), pg.dataDir(), StandardCopyOption.ATOMIC_MOVE);
    pg.start();

    ActionResult swapped = upgrader().upgrade(c, local, V17);

    assertEquals("SWAPPED", swapped.get(PgMajorInPlace.ROUTE).orElseThrow(), swapped.summary());
    assertEquals(before, read());
    assertEquals("16\n", Files.readString(kept().resolve("PG_VERSION")));

    // A run killed between the swap's two renames: no data directory, the copy beside it.
    pg.stop();
    Files.move(pg.dataDir(), fresh(), StandardCopyOption.ATOMIC_MOVE);

    ActionResult finished = upgrader().upgrade(c, local, V17);

    assertEquals(
        "SWAP_FINISHED", finished.get(PgMajorInPlace.ROUTE).orElseThrow(), finished.summary());
    assertEquals(before, read());
    assertTrue(Integer.parseInt(pg.sql("show server_version_num")) >= 170000);
  }

  // ---- given -------------------------------------------------------------------------------

  /** Two databases with the objects a copy must carry, and about 40,000 rows. */
  private void fill() throws SQLException {
    pg.sql("create database main");
    pg.sql("create database report");
    pg.sql("create role app login password 'app-secret'");
    exec(
        "main",
        "create schema app",
        "create sequence app.order_no start 1000",
        "create function app.next_code() returns text language sql"
            + " as $$ select 'C' || nextval('app.order_no') $$",
        "create table app.customers (id int generated always as identity primary key,"
            + " name text not null, side text not null,"
            + " check (side = case when id % 2 = 1 then 'A' else 'B' end))",
        "create unique index customers_name on app.customers (name)",
        "create table app.orders (id bigserial primary key,"
            + " customer_id int not null references app.customers (id),"
            + " code text not null default app.next_code(), amount numeric(10,2),"
            + " created timestamptz not null default now(), note text)",
        "create unique index orders_code on app.orders (code)",
        "create index on app.orders (customer_id)",
        "create table app.audit (id bigint generated by default as identity primary key,"
            + " order_id bigint not null)",
        "create function app.audit_order() returns trigger language plpgsql"
            + " as $$ begin insert into app.audit (order_id) values (new.id); return new; end $$",
        "create trigger orders_audit after insert on app.orders"
            + " for each row execute function app.audit_order()",
        "create view app.customer_totals as select c.id, c.name, count(o.id) as orders,"
            + " sum(o.amount) as total from app.customers c"
            + " left join app.orders o on o.customer_id = c.id group by c.id, c.name",
        "create view app.big_customers as select * from app.customer_totals where total > 2500",
        "create type app.mood as enum ('sad', 'ok', 'happy')",
        "create table app.feelings (id int primary key, mood app.mood, moods app.mood[])",
        "create table app.plain (id int primary key, v text)",
        "comment on table app.orders is 'orders of customers'",
        "comment on column app.orders.note is 'free text'",
        "insert into app.customers (name, side) select 'c' || i,"
            + " case when i % 2 = 1 then 'A' else 'B' end from generate_series(1, 2000) i",
        "insert into app.orders (customer_id, amount, note) select 1 + i % 2000,"
            + " i % 500 + 0.5, case when i % 7 = 0 then null else md5(i::text) end"
            + " from generate_series(1, 18000) i",
        "insert into app.feelings select i, (array['sad','ok','happy'])[1 + i % 3]::app.mood,"
            + " array['ok', 'happy']::app.mood[] from generate_series(1, 300) i",
        "insert into app.plain select i, repeat('x', i % 50) from generate_series(1, 2000) i",
        "create function app.customer_count() returns bigint begin atomic"
            + " select count(*) from app.customers; end",
        "create function app.order_label(o app.orders) returns text language sql"
            + " as $$ select o.code || ':' || o.amount $$",
        "create materialized view app.side_counts as"
            + " select side, count(*) as n from app.customers group by side",
        "create unique index on app.side_counts (side)",
        "create view app.early as select 1 as n",
        "create view app.late as select 2 as n",
        "create or replace view app.early as select 1 as n union all select n from app.late",
        "create unlogged table app.scratch (k int primary key, v int generated always as"
            + " (k * 2) stored)",
        "insert into app.scratch (k) select generate_series(1, 100)",
        "create trigger plain_audit before insert on app.plain"
            + " for each row execute function app.audit_order()",
        "alter table app.plain disable trigger plain_audit",
        "alter table app.plain replica identity full",
        "alter default privileges in schema app grant select on tables to app",
        "alter default privileges revoke execute on functions from public",
        "grant usage on schema app to app",
        "grant select, insert on app.orders to app",
        "grant select (name) on app.customers to app",
        "revoke execute on function app.next_code() from public",
        "grant usage on sequence app.orders_id_seq to app",
        "create publication pub_all for all tables");
    exec(
        "report",
        "create table daily (day date primary key, total numeric, payload jsonb, tags text[],"
            + " raw bytea)",
        "insert into daily select date '2020-01-01' + i, i * 1.5,"
            + " jsonb_build_object('i', i, 'sq', i * i), array['t' || i, 'u'],"
            + " decode(md5(i::text), 'hex') from generate_series(0, 1999) i",
        "create view recent as select * from daily where day > date '2024-01-01'",
        "grant select on daily to app");
    pg.sql("alter database report set work_mem = '8MB'");
    pg.sql("alter role app set search_path = app, public");
  }

  private void exec(String db, String... statements) throws SQLException {
    try (Connection conn = DriverManager.getConnection(url(db));
        Statement st = conn.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  /** The first column of the first row of {@code query} in {@code db}, or null. */
  private String q(String db, String query) throws SQLException {
    try (Connection conn = DriverManager.getConnection(url(db));
        Statement st = conn.createStatement()) {
      if (!st.execute(query)) {
        return null;
      }
      try (var rs = st.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** What {@link #CHECKS} read now, by name. */
  private Map<String, String> read() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : CHECKS.entrySet()) {
      String db = e.getKey().substring(0, e.getKey().indexOf(' '));
      out.put(e.getKey(), q(db, e.getValue()));
    }
    return out;
  }

  private String url(String db) {
    return "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + db + "?user=postgres";
  }

  private PgMajorInPlace upgrader() {
    return new PgMajorInPlace(sql, progress::add);
  }

  private Path fresh() {
    return Path.of(pg.dataDir() + ".new-17");
  }

  private Path kept() {
    return Path.of(pg.dataDir() + ".old-16");
  }

  private PgConfig config() throws DriverException {
    return PgConfig.of(
        new Component(
            "pg-a",
            "node-a",
            "postgresql",
            V16,
            "pg",
            "primary",
            0,
            Map.of(
                "port",
                Integer.toString(pg.port()),
                "dataDir",
                pg.dataDir().toString(),
                "socketDir",
                pg.dir().toString(),
                "logFile",
                pg.logFile().toString(),
                "dbUser",
                "baton",
                "passwordSecret",
                "baton-password",
                "bin.16.10",
                PgBinaries.zonky16().binDir().toString(),
                "bin.17.6",
                PgBinaries.zonky17().binDir().toString())));
  }

  /** Stops a server that runs from {@code dataDir}, by the pid in its postmaster.pid. */
  private static void stopByPid(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    } catch (Exception e) {
      return; // no server there
    }
    if (PgProcess.isAlive(pid)) {
      PgProcess.run(Duration.ofSeconds(10), List.of("kill", "-INT", Long.toString(pid)));
      Poll.until(
          Duration.ofSeconds(60), "postmaster " + pid + " to stop", () -> !PgProcess.isAlive(pid));
    }
  }
}
