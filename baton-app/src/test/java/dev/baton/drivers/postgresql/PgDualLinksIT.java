package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.postgresql.PgDualLinks.State;
import dev.baton.drivers.postgresql.SplitChanges.Change;
import dev.baton.drivers.postgresql.SplitChanges.Op;
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
import dev.baton.testkit.pg.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two PostgreSQL 16 servers, each side of a dual-sided system, replicating the databases main and
 * report both ways with subscriptions the customer named ({@code origin = none}). A writes odd ids,
 * B even ones. The links are removed while both sides write, B's split-time changes are listed, and
 * the links are rebuilt from A.
 */
class PgDualLinksIT {

  private static final String TABLE = "public.items";
  private static final int MAIN_ROWS = 20_000;
  private static final int REPORT_ROWS = 200;

  private final Transport local = new LocalTransport();
  private final PgSql sql = new PgSql();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final PgDualLinks links =
      new PgDualLinks(
          sql,
          new PgDualLinks.Limits(Duration.ofSeconds(30), Duration.ofMinutes(5), 1 << 20),
          progress::add);
  private final List<Writer> writers = new ArrayList<>();
  private Path root;
  private LocalPgCluster a;
  private LocalPgCluster b;
  private PgConfig pa;
  private PgConfig pb;

  @BeforeEach
  void givenTwoSidesReplicatingMainAndReportBothWaysUnderTheCustomersNames() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "blinks");
    a = server("pg-a");
    b = server("pg-b");
    pa = config("node-a", a);
    pb = config("node-b", b);
    for (LocalPgCluster c : List.of(a, b)) {
      for (String db : List.of("main", "report")) {
        c.sql("create database " + db);
        run(
            c,
            db,
            "create table items (id bigint primary key, side text not null, note text,"
                + " check (side = case when id % 2 = 1 then 'A' else 'B' end));"
                + " insert into items select i, case when i % 2 = 1 then 'A' else 'B' end, null"
                + " from generate_series(1, "
                + (db.equals("main") ? MAIN_ROWS : REPORT_ROWS)
                + ") i;"
                + " create publication "
                + (c == a ? "outbound_a" : "to_the_other_side")
                + " for table items");
      }
    }
    for (String db : List.of("main", "report")) {
      run(
          b,
          db,
          "create subscription b_takes_a_"
              + db
              + " connection 'host=127.0.0.1 port="
              + a.port()
              + " user=postgres dbname="
              + db
              + "' publication outbound_a with (origin = none, copy_data = false)");
      run(
          a,
          db,
          "create subscription mirror_of_b_"
              + db
              + " connection 'port="
              + b.port()
              + " host=127.0.0.1 dbname="
              + db
              + " user=postgres' publication to_the_other_side"
              + " with (origin = none, copy_data = false)");
    }
    for (String db : List.of("main", "report")) {
      Poll.until(
          Duration.ofSeconds(30),
          db + " synced",
          () -> links.observe(pa, local, pb, local, db).state() == State.SYNCED);
    }
  }

  @AfterEach
  void stopWritersAndBothServersByTheirPids() throws Exception {
    for (Writer w : writers) {
      w.stop();
    }
    sql.close();
    try {
      b.close();
    } finally {
      try {
        a.close();
      } finally {
        Dirs.deleteTree(root);
      }
    }
  }

  @Test
  void bsSplitTimeChangesAreListedExactlyAndARebuildFromAMakesBLikeA() throws Exception {
    // Given both sides writing while the links are removed, report first and main second
    Writer onB = new Writer(b, 1_000_000);
    Writer onA = new Writer(a, 1_000_001);
    onB.awaitWrites(40);
    onA.awaitWrites(40);
    assertTrue(
        links
            .observe(pa, local, pb, local, "main")
            .sentence()
            .startsWith("main between pg-a and pg-b is replicated both ways ("));

    // When
    long t0 = System.nanoTime();
    ActionResult report = links.remove(pa, local, pb, local, "report");
    long reportMs = (System.nanoTime() - t0) / 1_000_000;
    ActionResult main = links.remove(pa, local, pb, local, "main");
    long bothMs = (System.nanoTime() - t0) / 1_000_000;
    onB.awaitWrites(onB.acked() + 20);
    onB.stop();
    onA.stop();
    System.out.println(report.summary() + "\n" + main.summary() + "\n" + main.evidence());

    // Then
    assertTrue(
        main.summary()
            .startsWith(
                "main between pg-a and pg-b is no longer replicated; each side keeps the"
                    + " changes the other never applied (pg-a in b_takes_a_main, pg-b in"
                    + " mirror_of_b_main), removed in "),
        main.summary());
    for (String db : List.of("main", "report")) {
      PgDualLinks.Reading r = links.observe(pa, local, pb, local, db);
      assertEquals(State.REMOVED, r.state(), r.sentence());
      assertTrue(r.removedAt().isPresent());
      assertEquals(
          db + " between pg-a and pg-b is not replicated either way since " + r.removedAt().get(),
          r.sentence());
    }
    assertEquals(
        "main between pg-a and pg-b is already removed; split slots: pg-a in b_takes_a_main,"
            + " pg-b in mirror_of_b_main",
        links.remove(pa, local, pb, local, "main").summary());

    // When both sides change known rows after the removal
    run(
        b,
        "main",
        "insert into items values (2000000, 'B', 'split'), (2000002, 'B', null),"
            + " (2000004, 'B', null); update items set note = 'split' where id in (2, 4);"
            + " delete from items where id = 6");
    run(b, "report", "insert into items values (2000000, 'B', null)");
    run(b, "report", "update items set note = 'split' where id = 2");
    run(b, "report", "delete from items where id = 4");
    run(a, "main", "insert into items values (2000001, 'A', null)");
    run(a, "main", "update items set note = 'split' where id = 1; delete from items where id = 3");
    run(a, "report", "insert into items values (2000001, 'A', null)");

    // Then B's listing is exactly its writes A does not have, and nothing of A's
    Map<String, Set<String>> knownOnB =
        Map.of(
            "main",
                Set.of(
                    "insert id=2000000",
                    "insert id=2000002",
                    "insert id=2000004",
                    "update id=2",
                    "update id=4",
                    "delete id=6"),
            "report", Set.of("insert id=2000000", "update id=2", "delete id=4"));
    for (String db : List.of("main", "report")) {
      SplitChanges changes = links.changes(pb, local, db);
      System.out.println(changes.summary());
      Set<Long> onAOfB = ids(a, db, "id >= 1000000 and id < 2000000 and id % 2 = 0");
      Set<Long> acked = onB.ackedIn(db);
      assertTrue(acked.containsAll(onAOfB), "A has B rows B never acknowledged");
      Set<String> expected = new TreeSet<>(knownOnB.get(db));
      for (long id : acked) {
        if (!onAOfB.contains(id)) {
          expected.add("insert id=" + id);
        }
      }
      assertEquals(expected, listed(changes), db);
      assertFalse(onAOfB.isEmpty(), "some of B's writes in " + db + " reached A before the split");
      assertTrue(expected.size() > knownOnB.get(db).size(), "B wrote in " + db + " after it");
      System.out.printf(
          "%s: %d of B's %d writes reached A before the split, %d are listed%n",
          db, onAOfB.size(), acked.size(), acked.size() - onAOfB.size());
    }
    SplitChanges ofA = links.changes(pa, local, "main");
    assertTrue(listed(ofA).containsAll(Set.of("insert id=2000001", "update id=1", "delete id=3")));
    assertTrue(
        listed(ofA).stream().allMatch(c -> Long.parseLong(c.replaceAll(".*=", "")) % 2 == 1));
    System.out.println(links.changes(pb, local, "main").report().lines().limit(12).toList());

    // When the links are rebuilt with A as the winner, main first and report second
    long t1 = System.nanoTime();
    ActionResult rebuiltMain = links.rebuild(pa, local, pb, local, "main");
    long mainRebuildMs = (System.nanoTime() - t1) / 1_000_000;
    ActionResult rebuiltReport = links.rebuild(pa, local, pb, local, "report");
    System.out.println(rebuiltMain.summary() + "\n" + rebuiltMain.evidence());
    System.out.println(rebuiltReport.summary());

    // Then B has A's rows only, and each side's next row reaches the other
    assertTrue(
        rebuiltMain
            .summary()
            .startsWith(
                "main between pg-a and pg-b is replicated both ways again: pg-b's data was"
                    + " replaced by pg-a's (1 table copied), in "),
        rebuiltMain.summary());
    for (String db : List.of("main", "report")) {
      assertEquals(content(a, db), content(b, db), db);
      assertEquals(State.SYNCED, links.observe(pa, local, pb, local, db).state());
      assertEquals(
          db + " between pg-a and pg-b is already synced",
          links.rebuild(pa, local, pb, local, db).summary());
      assertFalse(Files.exists(Path.of(SplitFile.path(pa, db))));
      assertFalse(Files.exists(Path.of(SplitFile.path(pb, db))));
    }
    assertEquals(Set.of(), ids(b, "main", "id in (2000000, 2000002)"));
    assertEquals(Set.of(2L), ids(b, "main", "id = 2 and note is null"));
    assertEquals(
        "baton_main_from_pg_a,baton_report_from_pg_a",
        a.sql("select string_agg(slot_name, ',' order by slot_name) from pg_replication_slots"));
    assertEachSidesNextRowReachesTheOther("main");
    assertEachSidesNextRowReachesTheOther("report");
    assertTrue(
        progress.stream()
            .anyMatch(p -> p.equals("pg-b copies main from pg-a: 1 of 1 tables ready")),
        "" + progress);
    System.out.printf(
        "MEASURED remove report %d ms, remove report+main %d ms; rebuild main (%s rows) %d ms%n",
        reportMs, bothMs, count(a, "main"), mainRebuildMs);
  }

  @Test
  void aRemovalPastItsDisableAndARebuildPastItsCopyBothFinishWhenRunAgain() throws Exception {
    // Given A stopped applying B's report (a removal that stopped after its disable) while B wrote
    run(a, "report", "alter subscription mirror_of_b_report disable");
    Poll.until(
        Duration.ofSeconds(10),
        "A's apply worker gone",
        () ->
            "0"
                .equals(
                    query(
                        a,
                        "report",
                        "select count(pid) from pg_stat_subscription"
                            + " where subname = 'mirror_of_b_report'")));
    run(b, "report", "insert into items values (2000000, 'B', null), (2000002, 'B', null)");
    assertTrue(
        links
            .observe(pa, local, pb, local, "report")
            .sentence()
            .contains("pg-a's subscription mirror_of_b_report is disabled"));

    // When
    ActionResult removed = links.remove(pa, local, pb, local, "report");

    // Then the removal finishes, and lists what A never applied
    assertTrue(removed.summary().contains("is no longer replicated"), removed.summary());
    assertEquals(
        Set.of("insert id=2000000", "insert id=2000002"),
        listed(links.changes(pb, local, "report")));

    // Given a rebuild of main that stopped after B copied A's rows, before A followed B
    links.remove(pa, local, pb, local, "main");
    run(b, "main", "insert into items values (2000000, 'B', null)");
    ActionResult partial = links.rebuild(pa, local, pb, local, "main", PgDualLinks.Step.COPY);
    assertTrue(
        partial.summary().startsWith("main between pg-a and pg-b rebuilt up to copy in "),
        partial.summary());
    PgDualLinks.Reading half = links.observe(pa, local, pb, local, "main");
    assertEquals(State.LAGGING, half.state());
    assertEquals(
        "main between pg-a and pg-b is not in step: pg-a has no subscription to pg-b in main",
        half.sentence());
    assertEquals(content(a, "main"), content(b, "main"));

    // When
    ActionResult rebuilt = links.rebuild(pa, local, pb, local, "main");

    // Then it goes on from there: B keeps its copy, A follows B
    assertTrue(rebuilt.summary().contains("is replicated both ways again"), rebuilt.summary());
    assertFalse(rebuilt.evidence().contains("emptied"), rebuilt.evidence());
    assertTrue(
        rebuilt
            .evidence()
            .contains("pg-a follows pg-b in main by the subscription baton_main_from_pg_b"),
        rebuilt.evidence());
    assertEquals(State.SYNCED, links.observe(pa, local, pb, local, "main").state());
    assertEachSidesNextRowReachesTheOther("main");
  }

  @Test
  void aSideThatCannotConfirmTheOthersLastWritesStopsTheRemovalBeforeAnythingChanges()
      throws Exception {
    // Given A's apply worker blocked behind a lock while B writes
    PgDualLinks impatient =
        new PgDualLinks(
            sql,
            new PgDualLinks.Limits(Duration.ofSeconds(2), Duration.ofMinutes(1), 1 << 20),
            progress::add);
    try (Connection lock = connect(a, "main")) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("lock table items in access exclusive mode");
      }
      run(b, "main", "insert into items values (2000000, 'B', 'waits behind the lock')");

      // When
      DriverException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              DriverException.class, () -> impatient.remove(pa, local, pb, local, "main"));

      // Then
      assertTrue(
          e.getMessage().startsWith("pg-a did not confirm pg-b's WAL in main up to "),
          e.getMessage());
      assertTrue(
          e.getMessage()
              .matches(
                  ".* within 2 s: its slot mirror_of_b_main lags \\d+ bytes behind"
                      + " it; nothing was changed, the link still runs"),
          e.getMessage());
      lock.rollback();
    }
    Poll.until(
        Duration.ofSeconds(10),
        "main synced again",
        () -> links.observe(pa, local, pb, local, "main").state() == State.SYNCED);
    assertEquals(Set.of(2000000L), ids(a, "main", "id = 2000000"));
    assertFalse(Files.exists(Path.of(SplitFile.path(pa, "main"))));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private void assertEachSidesNextRowReachesTheOther(String db) throws Exception {
    run(a, db, "insert into items values (3000001, 'A', 'after the rebuild')");
    run(b, db, "insert into items values (3000000, 'B', 'after the rebuild')");
    Poll.until(
        Duration.ofSeconds(10),
        "A's new row in " + db + " on B",
        () -> ids(b, db, "id = 3000001").size() == 1);
    Poll.until(
        Duration.ofSeconds(10),
        "B's new row in " + db + " on A",
        () -> ids(a, db, "id = 3000000").size() == 1);
  }

  private static Set<String> listed(SplitChanges changes) {
    Set<String> out = new TreeSet<>();
    for (SplitChanges.TableChanges t : changes.tables()) {
      assertEquals(TABLE, t.table());
      for (Change c : t.changes()) {
        assertTrue(out.add(c.toString()), "listed twice: " + c);
      }
      assertEquals(
          t.changes().stream().filter(c -> c.op() == Op.INSERT).count(), (long) t.inserts());
    }
    return out;
  }

  private LocalPgCluster server(String name) {
    LocalPgCluster c = LocalPgCluster.initPrimary(root, name, PgBinaries.zonky16(), Ports.free());
    c.appendSettings(
        "wal_level = logical\nmax_replication_slots = 20\nmax_wal_senders = 20\n"
            + "max_worker_processes = 20\nmax_logical_replication_workers = 10\n");
    c.start();
    return c;
  }

  private static PgConfig config(String node, LocalPgCluster c) throws DriverException {
    Version v = Version.parse(PgBinaries.zonky16().version());
    return PgConfig.of(
        new Component(
            c.name(),
            node,
            "postgresql",
            v,
            "pg",
            "primary",
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
                "backupDir",
                c.dir().resolve("backups").toString(),
                "bin." + v,
                PgBinaries.zonky16().binDir().toString())));
  }

  private static Connection connect(LocalPgCluster c, String db) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + c.host() + ":" + c.port() + "/" + db + "?user=postgres");
  }

  private static void run(LocalPgCluster c, String db, String statements) throws SQLException {
    try (Connection conn = connect(c, db);
        Statement st = conn.createStatement()) {
      st.execute(statements);
    }
  }

  private static String query(LocalPgCluster c, String db, String q) throws SQLException {
    try (Connection conn = connect(c, db);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(q)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static Set<Long> ids(LocalPgCluster c, String db, String where) throws SQLException {
    Set<Long> out = new HashSet<>();
    try (Connection conn = connect(c, db);
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("select id from items where " + where)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  private static String content(LocalPgCluster c, String db) throws SQLException {
    return query(
        c,
        db,
        "select count(*) || ' rows, ' || md5(string_agg(id || ':' || side || ':'"
            + " || coalesce(note, '~'), ',' order by id)) from items");
  }

  private static String count(LocalPgCluster c, String db) throws SQLException {
    return query(c, db, "select count(*) from items");
  }

  /**
   * A client of one side inserting its own ids, in turn into main and report, one commit each; it
   * records the ids each database acknowledged.
   */
  private final class Writer {
    private final Map<String, Set<Long>> acked =
        Map.of(
            "main", java.util.Collections.synchronizedSet(new TreeSet<>()),
            "report", java.util.Collections.synchronizedSet(new TreeSet<>()));
    private final AtomicInteger count = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    Writer(LocalPgCluster c, long firstId) {
      writers.add(this);
      String side = firstId % 2 == 1 ? "A" : "B";
      thread =
          new Thread(
              () -> {
                try (Connection main = connect(c, "main");
                    Connection report = connect(c, "report")) {
                  long id = firstId;
                  while (running && id < firstId + 900_000) {
                    String db = (id / 2) % 2 == 0 ? "main" : "report";
                    try (Statement st = (db.equals("main") ? main : report).createStatement()) {
                      st.execute("insert into items values (" + id + ", '" + side + "', null)");
                    }
                    acked.get(db).add(id);
                    count.incrementAndGet();
                    id += 2;
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "writer-" + c.name());
      thread.start();
    }

    int acked() {
      return count.get();
    }

    Set<Long> ackedIn(String db) {
      synchronized (acked.get(db)) {
        return new TreeSet<>(acked.get(db));
      }
    }

    void awaitWrites(int n) {
      Poll.until(
          Duration.ofSeconds(30),
          n + " writes by " + thread.getName(),
          () -> {
            assertTrue(failures.isEmpty(), "" + failures);
            return count.get() >= n;
          });
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(Duration.ofSeconds(30).toMillis());
      assertFalse(thread.isAlive(), thread.getName() + " still runs");
      assertTrue(failures.isEmpty(), "" + failures);
    }
  }
}
