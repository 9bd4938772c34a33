package dev.baton.drivers.postgresql;

import static dev.baton.drivers.postgresql.PgNotCarried.userNs;

import dev.baton.engine.DriverException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * Copies one database's schema and rows into an empty database of another cluster over two JDBC
 * sessions, without pg_dump (which refuses a server newer than itself). The source is read in one
 * REPEATABLE READ READ ONLY transaction, so the catalog and every table are seen at one moment.
 * Objects are made in the order their dependencies need: functions before the tables whose defaults
 * call them, rows before constraints, indexes and triggers (faster, and no trigger fires on copied
 * rows), views in dependency order, owners and privileges last. What it does not carry ({@link
 * PgNotCarried}) is refused before the target is touched; publications are left behind on purpose
 * and named in the result.
 */
final class PgSchemaCopy {

  /** What one database's copy carried. */
  record Copied(
      String database,
      int tables,
      long rows,
      int sequences,
      int functions,
      int views,
      int indexes,
      int constraints,
      int triggers,
      List<String> publications,
      Duration took) {

    String summary() {
      return database
          + ": "
          + tables
          + " tables ("
          + rows
          + " rows), "
          + sequences
          + " sequences, "
          + functions
          + " functions, "
          + views
          + " views, "
          + constraints
          + " constraints, "
          + indexes
          + " indexes, "
          + triggers
          + " triggers in "
          + took.toMillis()
          + " ms";
    }
  }

  /** A sequence; {@code options} leave out its type, which an identity takes from its column. */
  private record Seq(
      String name,
      boolean unlogged,
      String type,
      String options,
      String ownedBy,
      boolean identity) {}

  private record Column(
      String name,
      String type,
      boolean notNull,
      String identity,
      String generated,
      String expr,
      String collation,
      String identitySeq,
      boolean userType) {}

  private record Table(String oid, String name, boolean unlogged, String options) {}

  /** When a function can be made: before the tables, after them, or after the views. */
  private enum Stage {
    /** Nothing it names must exist yet (check_function_bodies is off). */
    PLAIN,
    /** Its signature names a table's row type. */
    ROWTYPE,
    /** A SQL-standard body (BEGIN ATOMIC) is parsed at creation, so what it uses must exist. */
    BODY
  }

  private final Consumer<String> progress;

  PgSchemaCopy(Consumer<String> progress) {
    this.progress = progress;
  }

  /**
   * Copies the database of {@code source} into the empty database of {@code target}, named {@code
   * database} in sentences. The caller owns both sessions (and their network timeouts).
   */
  Copied copy(Connection source, Connection target, String database) throws DriverException {
    long t0 = System.nanoTime();
    Session s = new Session(source, database + " on the old server");
    Session t = new Session(target, database + " on the new server");
    s.exec(
        "preparing the source session",
        "set search_path = ''; set statement_timeout = 0; set lock_timeout = 0;"
            + " set idle_in_transaction_session_timeout = 0; set DateStyle = ISO;"
            + " set IntervalStyle = postgres; set row_security = off");
    snapshot(source, database);
    try {
      List<String> refused = PgNotCarried.inDatabase(source, database);
      if (!refused.isEmpty()) {
        throw new DriverException(
            "cannot copy database "
                + database
                + ": "
                + String.join("; ", refused)
                + "; nothing was copied",
            "");
      }
      t.exec(
          "preparing the target session",
          "set search_path = ''; set statement_timeout = 0; set lock_timeout = 0;"
              + " set idle_in_transaction_session_timeout = 0; set DateStyle = ISO;"
              + " set IntervalStyle = postgres; set check_function_bodies = off;"
              + " set default_transaction_read_only = off; set synchronous_commit = off;"
              + " set client_min_messages = warning");
      Copied c = copyInSnapshot(s, t, database, t0);
      source.commit();
      return c;
    } catch (SQLException e) {
      throw new DriverException(database + ": ending the copy's snapshot failed: " + e, "");
    } finally {
      try {
        source.rollback();
        source.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the session is the caller's to close; a broken one has nothing left to end
      }
    }
  }

  private static void snapshot(Connection source, String database) throws DriverException {
    try {
      source.setAutoCommit(false);
      source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      source.setReadOnly(true);
    } catch (SQLException e) {
      throw new DriverException(
          database + ": starting a REPEATABLE READ READ ONLY transaction failed: " + e, "");
    }
  }

  private Copied copyInSnapshot(Session s, Session t, String db, long t0) throws DriverException {
    schemas(s, t);
    enums(s, t);
    Map<Stage, List<String>> functions = functions(s);
    create(t, functions.get(Stage.PLAIN), "function");
    Map<String, Seq> seqs = sequences(s);
    for (Seq q : seqs.values()) {
      if (!q.identity()) {
        t.exec(
            "creating sequence " + q.name(),
            "create "
                + (q.unlogged() ? "unlogged " : "")
                + "sequence "
                + q.name()
                + " as "
                + q.type()
                + " "
                + q.options());
      }
    }
    List<Table> tables = tables(s);
    Map<String, List<Column>> columns = columns(s);
    for (Table tb : tables) {
      t.exec("creating table " + tb.name(), createTable(tb, columns.get(tb.oid()), seqs));
    }
    create(t, functions.get(Stage.ROWTYPE), "function");
    long rows = 0;
    for (Table tb : tables) {
      rows += rows(s, t, db, tb, columns.get(tb.oid()));
    }
    sequenceValues(s, t, seqs);
    int constraints =
        statements(s, t, PgObjectStatements.CONSTRAINTS_SQL.formatted("<> 'f'"), "constraint");
    int indexes = statements(s, t, PgObjectStatements.INDEXES_SQL.formatted("'r'"), "index");
    constraints +=
        statements(s, t, PgObjectStatements.CONSTRAINTS_SQL.formatted("= 'f'"), "foreign key");
    int views = views(s, t);
    create(t, functions.get(Stage.BODY), "function");
    indexes += statements(s, t, PgObjectStatements.INDEXES_SQL.formatted("'m'"), "index");
    int triggers = statements(s, t, PgObjectStatements.TRIGGERS_SQL, "trigger");
    statements(s, t, PgObjectStatements.TRIGGER_STATES_SQL, "trigger state");
    statements(s, t, PgObjectStatements.STATISTICS_SQL, "statistics object");
    statements(s, t, PgObjectStatements.TABLE_SETTINGS_SQL, "table setting");
    statements(s, t, PgObjectStatements.OWNERS_SQL, "owner");
    statements(s, t, PgObjectStatements.PRIVILEGES_SQL, "privilege");
    statements(s, t, PgObjectStatements.COMMENTS_SQL, "comment");
    int fns = functions.values().stream().mapToInt(List::size).sum();
    return new Copied(
        db,
        tables.size(),
        rows,
        seqs.size(),
        fns,
        views,
        indexes,
        constraints,
        triggers,
        PgNotCarried.publications(s.conn()),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  // ---- schemas, types, functions, sequences, tables ---------------------------------------

  private static void schemas(Session s, Session t) throws DriverException {
    String sql =
        "select quote_ident(nspname) as name from pg_catalog.pg_namespace where "
            + userNs("oid")
            + " order by oid";
    Set<String> there = new HashSet<>();
    t.rows("reading the schemas", sql).forEach(r -> there.add(r.get("name")));
    Set<String> wanted = new HashSet<>();
    for (Map<String, String> r : s.rows("reading the schemas", sql)) {
      String name = r.get("name");
      wanted.add(name);
      if (!there.contains(name)) {
        t.exec("creating schema " + name, "create schema " + name);
      }
    }
    for (String name : there) {
      if (!wanted.contains(name)) {
        // the new database's own public schema, which the old one had dropped
        t.exec("dropping schema " + name, "drop schema " + name);
      }
    }
  }

  private static void enums(Session s, Session t) throws DriverException {
    for (Map<String, String> r :
        s.rows(
            "reading the enum types",
            "select t.oid::pg_catalog.regtype::text as name, (select"
                + " string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from"
                + " pg_catalog.pg_enum e where e.enumtypid = t.oid) as labels from"
                + " pg_catalog.pg_type t where t.typtype = 'e' and "
                + userNs("t.typnamespace")
                + " order by t.oid")) {
      String labels = r.get("labels") == null ? "" : r.get("labels");
      t.exec(
          "creating type " + r.get("name"),
          "create type " + r.get("name") + " as enum (" + labels + ")");
    }
  }

  private static Map<Stage, List<String>> functions(Session s) throws DriverException {
    Map<Stage, List<String>> out = new LinkedHashMap<>();
    for (Stage st : Stage.values()) {
      out.put(st, new ArrayList<>());
    }
    for (Map<String, String> r :
        s.rows(
            "reading the functions",
            "select pg_catalog.pg_get_functiondef(p.oid) as def, case when p.prosqlbody is not"
                + " null then 'BODY' when exists (select 1 from pg_catalog.unnest(p.proargtypes"
                + "::oid[] || p.prorettype || coalesce(p.proallargtypes, '{}'::oid[])) a(t) join"
                + " pg_catalog.pg_type y on y.oid = a.t left join pg_catalog.pg_type e on e.oid ="
                + " y.typelem where y.typrelid <> 0 or e.typrelid <> 0) then 'ROWTYPE' else"
                + " 'PLAIN' end as stage from pg_catalog.pg_proc p where p.prokind in ('f', 'p',"
                + " 'w') and "
                + userNs("p.pronamespace")
                + " order by p.oid")) {
      out.get(Stage.valueOf(r.get("stage"))).add(r.get("def"));
    }
    return out;
  }

  private static void create(Session t, List<String> definitions, String what)
      throws DriverException {
    for (String def : definitions) {
      t.exec("creating a " + what + " (" + firstLine(def) + ")", def);
    }
  }

  private static Map<String, Seq> sequences(Session s) throws DriverException {
    Map<String, Seq> out = new LinkedHashMap<>();
    for (Map<String, String> r :
        s.rows(
            "reading the sequences",
            "select c.oid::pg_catalog.regclass::text as name, c.relpersistence as persistence,"
                + " s.seqtypid::pg_catalog.regtype::text as type, format('increment by %s"
                + " minvalue %s maxvalue %s start with %s cache %s %s', s.seqincrement, s.seqmin,"
                + " s.seqmax,"
                + " s.seqstart, s.seqcache, case when s.seqcycle then 'cycle' else 'no cycle'"
                + " end) as options, (select format('%s.%I', d.refobjid::pg_catalog.regclass,"
                + " a.attname) from pg_catalog.pg_depend d join pg_catalog.pg_attribute a on"
                + " a.attrelid = d.refobjid and a.attnum = d.refobjsubid where d.classid ="
                + " 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and"
                + " d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype in"
                + " ('a', 'i') limit 1) as owned_by, exists (select 1 from pg_catalog.pg_depend"
                + " d where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid ="
                + " c.oid and d.deptype = 'i') as identity from pg_catalog.pg_class c join"
                + " pg_catalog.pg_sequence s on s.seqrelid = c.oid where c.relkind = 'S' and "
                + userNs("c.relnamespace")
                + " order by c.oid")) {
      out.put(
          r.get("name"),
          new Seq(
              r.get("name"),
              "u".equals(r.get("persistence")),
              r.get("type"),
              r.get("options"),
              r.get("owned_by"),
              "t".equals(r.get("identity"))));
    }
    return out;
  }

  private static List<Table> tables(Session s) throws DriverException {
    List<Table> out = new ArrayList<>();
    for (Map<String, String> r :
        s.rows(
            "reading the tables",
            "select c.oid::text as oid, c.oid::pg_catalog.regclass::text as name,"
                + " c.relpersistence as persistence, "
                + OPTIONS
                + " as options from pg_catalog.pg_class c where c.relkind = 'r' and "
                + userNs("c.relnamespace")
                + " order by c.oid")) {
      out.add(
          new Table(
              r.get("oid"), r.get("name"), "u".equals(r.get("persistence")), r.get("options")));
    }
    return out;
  }

  /** A relation's storage options as a list for WITH (...), or null. */
  private static final String OPTIONS =
      "(select string_agg(quote_ident(split_part(o, '=', 1)) || ' = ' ||"
          + " quote_literal(substr(o, strpos(o, '=') + 1)), ', ') from"
          + " pg_catalog.unnest(c.reloptions) o)";

  private static Map<String, List<Column>> columns(Session s) throws DriverException {
    Map<String, List<Column>> out = new HashMap<>();
    for (Map<String, String> r :
        s.rows(
            "reading the columns",
            "select a.attrelid::text as rel, quote_ident(a.attname) as name,"
                + " pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as"
                + " notnull, a.attidentity as identity, a.attgenerated as generated,"
                + " pg_catalog.pg_get_expr(d.adbin, d.adrelid) as expr, case when a.attcollation"
                + " <> t.typcollation then (select format('%I.%I', n.nspname, l.collname) from"
                + " pg_catalog.pg_collation l join pg_catalog.pg_namespace n on n.oid ="
                + " l.collnamespace where l.oid = a.attcollation) end as collation, case when"
                + " a.attidentity <> '' then pg_catalog.pg_get_serial_sequence("
                + "a.attrelid::pg_catalog.regclass::text, a.attname) end as identity_seq,"
                + " (a.atttypid >= 16384 or t.typelem >= 16384) as user_type from"
                + " pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid"
                + " join pg_catalog.pg_class c on c.oid = a.attrelid left join"
                + " pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                + " where c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and "
                + userNs("c.relnamespace")
                + " order by a.attrelid, a.attnum")) {
      out.computeIfAbsent(r.get("rel"), k -> new ArrayList<>())
          .add(
              new Column(
                  r.get("name"),
                  r.get("type"),
                  "t".equals(r.get("notnull")),
                  nullToEmpty(r.get("identity")),
                  nullToEmpty(r.get("generated")),
                  r.get("expr"),
                  r.get("collation"),
                  r.get("identity_seq"),
                  "t".equals(r.get("user_type"))));
    }
    return out;
  }

  private static String createTable(Table tb, List<Column> cols, Map<String, Seq> seqs)
      throws DriverException {
    List<String> defs = new ArrayList<>();
    for (Column c : cols == null ? List.<Column>of() : cols) {
      StringBuilder d = new StringBuilder(c.name()).append(' ').append(c.type());
      if (c.collation() != null) {
        d.append(" collate ").append(c.collation());
      }
      if (c.generated().equals("s")) {
        d.append(" generated always as (").append(c.expr()).append(") stored");
      } else if (!c.generated().isEmpty()) {
        throw new DriverException(
            "column "
                + c.name()
                + " of "
                + tb.name()
                + " is generated in a way the copy does"
                + " not know (attgenerated "
                + c.generated()
                + ")",
            "");
      } else if (!c.identity().isEmpty()) {
        Seq q = seqs.get(c.identitySeq());
        d.append(c.identity().equals("a") ? " generated always" : " generated by default")
            .append(" as identity (sequence name ")
            .append(c.identitySeq())
            .append(q == null ? "" : " " + q.options())
            .append(')');
      } else if (c.expr() != null) {
        d.append(" default ").append(c.expr());
      }
      if (c.notNull()) {
        d.append(" not null");
      }
      defs.add(d.toString());
    }
    return "create "
        + (tb.unlogged() ? "unlogged " : "")
        + "table "
        + tb.name()
        + " ("
        + String.join(", ", defs)
        + ")"
        + (tb.options() == null ? "" : " with (" + tb.options() + ")");
  }

  // ---- rows and sequence values ------------------------------------------------------------

  /**
   * Streams one table's rows from the source's COPY TO STDOUT into the target's COPY FROM STDIN, a
   * message at a time: nothing holds a whole table. Binary, unless a column has a user-defined type
   * (an enum, or an array of one), whose binary form carries the type's OID, which differs between
   * the two clusters.
   */
  private long rows(Session s, Session t, String db, Table tb, List<Column> cols)
      throws DriverException {
    List<String> names = new ArrayList<>();
    boolean binary = true;
    for (Column c : cols == null ? List.<Column>of() : cols) {
      if (c.generated().isEmpty()) {
        names.add(c.name());
      }
      binary &= !c.userType();
    }
    if (names.isEmpty()) {
      return 0;
    }
    String list = tb.name() + " (" + String.join(", ", names) + ")";
    String format = binary ? " (format binary)" : "";
    long n;
    try {
      CopyManager from = s.conn().unwrap(PGConnection.class).getCopyAPI();
      CopyManager into = t.conn().unwrap(PGConnection.class).getCopyAPI();
      CopyOut out = from.copyOut("copy " + list + " to stdout" + format);
      CopyIn in = null;
      try {
        in = into.copyIn("copy " + list + " from stdin" + format);
        byte[] buf;
        while ((buf = out.readFromCopy()) != null) {
          in.writeToCopy(buf, 0, buf.length);
        }
        n = in.endCopy();
      } finally {
        cancel(out, in);
      }
    } catch (SQLException e) {
      throw new DriverException(
          db + ": copying the rows of " + tb.name() + " failed: " + firstLine(e.getMessage()), "");
    }
    progress.accept(db + ": " + tb.name() + " " + n + " rows");
    return n;
  }

  /** A copy that failed half way is ended on both sessions, so neither is left inside COPY. */
  private static void cancel(CopyOut out, CopyIn in) {
    for (org.postgresql.copy.CopyOperation op : new org.postgresql.copy.CopyOperation[] {out, in}) {
      try {
        if (op != null && op.isActive()) {
          op.cancelCopy();
        }
      } catch (SQLException ignored) {
        // the session broke; the copy fails with the first error
      }
    }
  }

  /** Each sequence's value as of the snapshot, and the columns that own sequences. */
  private static void sequenceValues(Session s, Session t, Map<String, Seq> seqs)
      throws DriverException {
    for (Seq q : seqs.values()) {
      Map<String, String> v =
          s.rows(
                  "reading sequence " + q.name(),
                  "select last_value::text as v, is_called::text as called from " + q.name())
              .get(0);
      t.exec(
          "setting sequence " + q.name(),
          "select pg_catalog.setval("
              + PgRows.literal(q.name())
              + ", "
              + v.get("v")
              + ", "
              + v.get("called")
              + ")");
      if (!q.identity() && q.ownedBy() != null) {
        t.exec(
            "attaching sequence " + q.name(),
            "alter sequence " + q.name() + " owned by " + q.ownedBy());
      }
    }
  }

  // ---- views in dependency order -----------------------------------------------------------

  private static int views(Session s, Session t) throws DriverException {
    Map<String, Map<String, String>> byOid = new LinkedHashMap<>();
    for (Map<String, String> r :
        s.rows(
            "reading the views",
            "select c.oid::text as oid, c.oid::pg_catalog.regclass::text as name, c.relkind as"
                + " kind, pg_catalog.pg_get_viewdef(c.oid) as def, c.relispopulated as"
                + " populated, "
                + OPTIONS
                + " as options from pg_catalog.pg_class c where c.relkind in ('v', 'm') and "
                + userNs("c.relnamespace")
                + " order by c.oid")) {
      byOid.put(r.get("oid"), r);
    }
    Map<String, List<String>> deps = new HashMap<>();
    for (Map<String, String> r :
        s.rows(
            "reading what the views depend on",
            "select distinct r.ev_class::text as view, d.refobjid::text as dep from"
                + " pg_catalog.pg_rewrite r join pg_catalog.pg_depend d on d.classid ="
                + " 'pg_catalog.pg_rewrite'::pg_catalog.regclass and d.objid = r.oid and"
                + " d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.refobjid <>"
                + " r.ev_class join pg_catalog.pg_class c on c.oid = d.refobjid where c.relkind"
                + " in ('v', 'm')")) {
      deps.computeIfAbsent(r.get("view"), k -> new ArrayList<>()).add(r.get("dep"));
    }
    for (String oid : dependencyOrder(List.copyOf(byOid.keySet()), deps)) {
      Map<String, String> v = byOid.get(oid);
      String def = v.get("def").strip();
      def = def.endsWith(";") ? def.substring(0, def.length() - 1) : def;
      String with = v.get("options") == null ? "" : " with (" + v.get("options") + ")";
      String sql =
          v.get("kind").equals("m")
              ? "create materialized view "
                  + v.get("name")
                  + with
                  + " as "
                  + def
                  + ("t".equals(v.get("populated")) ? " with data" : " with no data")
              : "create view " + v.get("name") + with + " as " + def;
      t.exec("creating view " + v.get("name"), sql);
    }
    return byOid.size();
  }

  /**
   * {@code oids} ordered so that each comes after those it depends on ({@code deps}), otherwise in
   * the given order. Views cannot depend on each other in a cycle.
   */
  static List<String> dependencyOrder(List<String> oids, Map<String, List<String>> deps) {
    List<String> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> known = new HashSet<>(oids);
    for (String oid : oids) {
      visit(oid, deps, known, done, out, new HashSet<>());
    }
    return out;
  }

  private static void visit(
      String oid,
      Map<String, List<String>> deps,
      Set<String> known,
      Set<String> done,
      List<String> out,
      Set<String> path) {
    if (done.contains(oid) || !known.contains(oid) || !path.add(oid)) {
      return;
    }
    for (String d : deps.getOrDefault(oid, List.of())) {
      visit(d, deps, known, done, out, path);
    }
    done.add(oid);
    out.add(oid);
  }

  /** Runs on the target each statement ({@code stmt}) the source's {@code sql} writes. */
  private static int statements(Session s, Session t, String sql, String what)
      throws DriverException {
    int n = 0;
    for (Map<String, String> r : s.rows("reading each " + what, sql)) {
      String stmt = r.get("stmt");
      t.exec(firstLine(stmt), stmt);
      n++;
    }
    return n;
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** One side's session, named for the sentences. */
  private record Session(Connection conn, String where) {
    List<Map<String, String>> rows(String what, String sql) throws DriverException {
      return PgRows.of(conn, where + ": " + what, sql);
    }

    void exec(String what, String sql) throws DriverException {
      PgRows.exec(conn, where + ": " + what, sql);
    }
  }

  private static String firstLine(String s) {
    String line = s == null ? "" : s.strip().lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
