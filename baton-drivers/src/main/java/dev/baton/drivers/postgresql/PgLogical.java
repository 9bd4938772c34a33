package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.Version;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A copy of a PostgreSQL cluster on another major version, fed by logical replication, and the
 * cutover onto it (ADR 0040). Every database the source lets clients connect to is copied: its
 * schema with pg_dump, its rows by a subscription that copies them first. Baton's objects are named
 * so that they are found again on resume: the publication {@value #PUBLICATION} and the marker
 * table {@value #MARKER} in each database, and one subscription per direction and database.
 */
final class PgLogical {

  /** The publication of every table, on whichever side publishes. */
  static final String PUBLICATION = "baton_upgrade";

  /** One row per cutover: once the subscriber has it, it has every earlier commit. */
  static final String MARKER = "baton.cutover";

  /** Written into a copy's data directory: Baton made it, and may make it again. */
  static final String COPY_MARKER = "baton.copy";

  private static final Duration SHORT = Duration.ofSeconds(30);
  private static final Duration LONG = Duration.ofHours(6);

  /** The databases that are copied: every one that accepts connections, templates aside. */
  static final String DATABASES_SQL =
      "select datname from pg_database where datallowconn and not datistemplate order by 1";

  private final PgSql sql;
  private final PgActions actions;

  PgLogical(PgSql sql, PgActions actions) {
    this.sql = sql;
    this.actions = actions;
  }

  /**
   * The subscription, and its slot's name stem, by which {@code subscriber} follows a publisher.
   */
  static String subscription(PgConfig publisher) {
    return subscription(publisher.name());
  }

  static String subscription(String publisher) {
    return "baton_from_" + publisher.toLowerCase().replaceAll("[^a-z0-9_]", "_");
  }

  /** The replication slot on the publisher for one database (slot names are cluster-wide). */
  static String slot(PgConfig publisher, String database) {
    String s = subscription(publisher) + "_" + database.toLowerCase().replaceAll("[^a-z0-9_]", "_");
    return s.length() <= 63 ? s : s.substring(0, 54) + "_" + Integer.toHexString(s.hashCode());
  }

  /** {@code c} connected to {@code database} instead of its own. */
  static PgConfig on(PgConfig c, String database) {
    if (database.equals(c.database())) {
      return c;
    }
    return new PgConfig(
        c.name() + "/" + database,
        c.node(),
        c.host(),
        c.port(),
        c.dataDir(),
        c.socketDir(),
        c.logFile(),
        c.backupDir(),
        c.osUser(),
        c.dbUser(),
        database,
        c.toolsDir(),
        c.applicationName(),
        c.passwordSecret(),
        c.declaredVersion(),
        c.binDirs());
  }

  List<String> databases(PgConfig c, Transport t) throws DriverException {
    List<String> out = new ArrayList<>();
    for (Map<String, String> row : rows(c, t, DATABASES_SQL)) {
      out.add(row.get("datname"));
    }
    return out;
  }

  // ---- building the copy -------------------------------------------------------------------

  /**
   * Builds {@code target} as a copy of {@code source}: a new cluster with the source's encoding and
   * locale, its roles and schema, a publication of every table on the source and a subscription on
   * the target that copies the rows and then follows. A target Baton did not create is refused; one
   * it did create but did not finish is made again from nothing.
   */
  ActionResult copy(PgConfig source, Transport st, PgConfig target, Transport tt, Version v)
      throws DriverException {
    StringBuilder ev = new StringBuilder();
    String state = copyState(target, tt);
    if (state.equals("foreign")) {
      throw new DriverException(
          "refusing to build a copy in "
              + target.dataDir()
              + " on "
              + target.node()
              + ": it holds a data directory Baton did not create; empty it or name another"
              + " dataDir for "
              + target.name(),
          "");
    }
    if (state.equals("ours")) {
      ev.append(actions.stop(target, tt).evidence()).append('\n');
      shell(tt, target, LONG, "rm -rf -- \"$1\"", target.dataDir());
      ev.append("removed the unfinished copy in ").append(target.dataDir()).append('\n');
    }
    List<String> dbs = databases(source, st);
    for (String db : dbs) {
      // An unfinished copy's subscription may have left its slot behind.
      exec(
          on(source, db),
          st,
          "select pg_drop_replication_slot(slot_name) from pg_replication_slots"
              + " where slot_name = "
              + literal(slot(source, db))
              + " and not active");
      publish(on(source, db), st, ev);
    }
    Map<String, String> settings =
        rows(
                source,
                st,
                "select pg_encoding_to_char(d.encoding) as encoding, d.datcollate, d.datctype,"
                    + " current_setting('data_checksums') as checksums,"
                    + " current_setting('max_connections') as max_connections,"
                    + " pg_read_file(current_setting('hba_file')) as hba"
                    + " from pg_database d where d.datname = 'template1'")
            .get(0);
    String bin = target.binDir(v);
    List<String> initdb =
        new ArrayList<>(
            List.of(
                bin + "/initdb",
                "-D",
                target.dataDir(),
                "-U",
                target.dbUser(),
                "-E",
                settings.get("encoding"),
                "--lc-collate=" + settings.get("datcollate"),
                "--lc-ctype=" + settings.get("datctype"),
                "--auth=trust"));
    if ("on".equals(settings.get("checksums"))) {
      initdb.add("--data-checksums");
    }
    ev.append(run(tt, target, LONG, initdb).stdout().lines().reduce((a, b) -> b).orElse(""));
    ev.append('\n');
    String conf =
        "\n# written by Baton for a major upgrade of "
            + source.name()
            + "\nlisten_addresses = '"
            + target.host()
            + "'\nport = "
            + target.port()
            + "\nunix_socket_directories = '"
            + target.socketDir()
            + "'\nwal_level = logical\nmax_connections = "
            + settings.get("max_connections")
            + "\n";
    shell(
        tt,
        target,
        SHORT,
        "printf '%s' \"$2\" >> \"$1/postgresql.conf\" && printf '%s' \"$3\" > \"$1/pg_hba.conf\""
            + " && printf '%s\\n' \"$4\" > \"$1/"
            + COPY_MARKER
            + "\"",
        target.dataDir(),
        conf,
        settings.get("hba"),
        source.name());
    ev.append(actions.start(target, tt, v, List.of()).evidence()).append('\n');
    copyRoles(source, target, tt, ev);
    for (String db : dbs) {
      copySchema(source, target, tt, db, ev);
      subscribe(on(target, db), tt, source, db, true, ev);
    }
    // Until the cutover the copy takes no client writes: one writable primary at all times.
    ev.append(fenceWrites(target, tt).summary()).append('\n');
    return new ActionResult(
        target.name()
            + " runs "
            + v
            + " with the schema of "
            + String.join(", ", dbs)
            + " and copies their rows from "
            + source.name(),
        ev.toString().strip());
  }

  /**
   * Whether {@code target}'s data directory is {@code absent} (missing or empty), {@code ours} (it
   * holds {@value #COPY_MARKER}) or {@code foreign}.
   */
  String copyState(PgConfig target, Transport tt) throws DriverException {
    CommandResult r =
        tt.run(
            new Command(
                List.of(
                    "sh",
                    "-c",
                    "if [ ! -d \"$1\" ] || [ -z \"$(ls -A \"$1\" 2>/dev/null)\" ]; then echo absent;"
                        + " elif [ -f \"$1/"
                        + COPY_MARKER
                        + "\" ]; then echo ours;"
                        + " else echo foreign; fi",
                    "sh",
                    target.dataDir()),
                target.osUser(),
                SHORT));
    return r.stdout().strip();
  }

  /**
   * The publication of every table and the marker table in one database of the source, and the
   * schema's fingerprint as the publication's comment: the cutover compares it with the schema
   * then, because DDL is not replicated.
   */
  private void publish(PgConfig c, Transport t, StringBuilder ev) throws DriverException {
    exec(
        c,
        t,
        "create schema if not exists baton; create table if not exists "
            + MARKER
            + " (id bigint generated always as identity primary key,"
            + " at timestamptz not null default now(), origin text not null)");
    exec(c, t, "drop publication if exists " + PUBLICATION);
    exec(c, t, "create publication " + PUBLICATION + " for all tables");
    String print = Fingerprint.text(rows(c, t, Fingerprint.SQL));
    exec(c, t, "comment on publication " + PUBLICATION + " is " + literal(print));
    ev.append("published every table of ")
        .append(c.database())
        .append(" on ")
        .append(c.name())
        .append(" and recorded its schema's fingerprint\n");
  }

  private void copyRoles(PgConfig source, PgConfig target, Transport tt, StringBuilder ev)
      throws DriverException {
    String file = target.dataDir() + "/../baton-roles.sql";
    run(tt, target, LONG, tool(target, "pg_dumpall", source, null, "--roles-only", "-f", file));
    // The bootstrap user exists already: its CREATE ROLE fails and the rest applies.
    CommandResult r =
        tt.run(
            new Command(
                tool(target, "psql", target, "postgres", "-X", "-q", "-f", file),
                target.osUser(),
                LONG));
    List<String> errors =
        r.stderr()
            .lines()
            .filter(l -> l.contains("ERROR"))
            .filter(l -> !l.contains("already exists"))
            .toList();
    if (!errors.isEmpty()) {
      throw new DriverException(
          "copying the roles of " + source.name() + " to " + target.name() + " failed: " + errors,
          r.transcript());
    }
    ev.append("copied the roles of ").append(source.name()).append('\n');
  }

  private void copySchema(
      PgConfig source, PgConfig target, Transport tt, String db, StringBuilder ev)
      throws DriverException {
    String file = target.dataDir() + "/../baton-schema-" + db.replaceAll("[^A-Za-z0-9_]", "_");
    boolean create = !db.equals("postgres");
    List<String> dump =
        new ArrayList<>(
            tool(
                target,
                "pg_dump",
                source,
                db,
                "--schema-only",
                "--no-subscriptions",
                "-f",
                file + ".sql"));
    if (create) {
      dump.add("--create");
    }
    run(tt, target, LONG, dump);
    run(
        tt,
        target,
        LONG,
        tool(
            target,
            "psql",
            target,
            create ? "postgres" : db,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            file + ".sql"));
    ev.append("copied the schema of ").append(db).append(" with pg_dump\n");
  }

  /**
   * A subscription on {@code sub} (one database) to the publication of {@code publisher}: copying
   * the rows first, or only following from now on.
   */
  private void subscribe(
      PgConfig sub, Transport tt, PgConfig publisher, String db, boolean copyData, StringBuilder ev)
      throws DriverException {
    String conninfo = conninfo(publisher, db, subscription(publisher));
    exec(sub, tt, "set default_transaction_read_only = off");
    // Alone: CREATE SUBSCRIPTION that creates a slot cannot run inside a transaction or pipeline.
    String statement =
        "create subscription "
            + subscription(publisher)
            + " connection "
            + literal(conninfo)
            + " publication "
            + PUBLICATION
            + " with (copy_data = "
            + copyData
            + ", slot_name = "
            + literal(slot(publisher, db))
            + ")";
    try {
      sql.query(sub, tt, statement);
    } catch (SQLException e) {
      throw new DriverException(
          "creating the subscription of "
              + sub.name()
              + " to "
              + publisher.name()
              + " failed: "
              + e.getMessage(),
          "");
    }
    ev.append(sub.name())
        .append(" subscribes to ")
        .append(publisher.name())
        .append(copyData ? " and copies its rows\n" : " from now on, without copying\n");
  }

  /**
   * The connection string of a subscription to {@code publisher}'s database {@code db}, which the
   * publisher shows as {@code application}. No password: the subscription's connection string is
   * kept in the catalog, which any superuser can read. Like streaming replication, it reads the
   * server user's ~/.pgpass (or the publisher trusts it).
   */
  static String conninfo(PgConfig publisher, String db, String application) {
    return "host="
        + Conninfo.quote(publisher.host())
        + " port="
        + publisher.port()
        + " user="
        + Conninfo.quote(publisher.dbUser())
        + " dbname="
        + Conninfo.quote(db)
        + " application_name="
        + Conninfo.quote(application);
  }

  // ---- catching up -------------------------------------------------------------------------

  /**
   * Waits until {@code sub} has every table of its subscription to {@code publisher} synchronised
   * and its slot is at most {@code maxLag} bytes behind, for at most {@code limit}.
   */
  ActionResult awaitSynced(
      PgConfig publisher, Transport pt, PgConfig sub, Transport tt, long maxLag, Duration limit)
      throws DriverException {
    List<String> dbs = databases(publisher, pt);
    String[] why = {""};
    // Each database's schema is compared in full at the first poll, then whenever its stamp moves.
    Map<String, String> stamps = new java.util.HashMap<>();
    long ms =
        Poll.until(
            limit,
            200,
            () -> {
              // A table whose schema changed on the source may never synchronise: say so now.
              for (String db : dbs) {
                PgConfig p = on(publisher, db);
                String stamp = rows(p, pt, Fingerprint.STAMP_SQL).get(0).get("stamp");
                if (!stamp.equals(stamps.get(db))) {
                  List<String> drift = drift(p, pt, on(sub, db), tt);
                  if (!drift.isEmpty()) {
                    throw new DriverException(driftSentence(publisher, sub, drift), "");
                  }
                  stamps.put(db, stamp);
                }
              }
              for (String db : dbs) {
                List<Map<String, String>> r =
                    rows(
                        on(sub, db),
                        tt,
                        "select count(*) filter (where srsubstate <> 'r') as copying, count(*) as"
                            + " tables from pg_subscription_rel r join pg_subscription s on"
                            + " s.oid = r.srsubid where s.subname = "
                            + literal(subscription(publisher)));
                if (!"0".equals(r.get(0).get("copying"))) {
                  why[0] =
                      db
                          + ": "
                          + r.get(0).get("copying")
                          + " of "
                          + r.get(0).get("tables")
                          + " tables still copying";
                  return false;
                }
              }
              long lag = lag(publisher, pt);
              why[0] = "the slots lag " + lag + " bytes";
              return lag >= 0 && lag <= maxLag;
            });
    if (ms < 0) {
      throw new DriverException(
          sub.name()
              + " did not catch up with "
              + publisher.name()
              + " within "
              + limit.toSeconds()
              + " s: "
              + why[0],
          "");
    }
    return new ActionResult(
        sub.name()
            + " has every table of "
            + String.join(", ", dbs)
            + " synchronised with "
            + publisher.name()
            + " ("
            + why[0]
            + ") after "
            + ms
            + " ms of waiting",
        "");
  }

  /**
   * How the schema of one database of {@code source} ({@code c}) changed since its copy began and
   * is not yet the same on the copy ({@code copy}, the same database there): one phrase per object,
   * prefixed by the database; empty when nothing did.
   */
  List<String> drift(PgConfig c, Transport st, PgConfig copy, Transport ct) throws DriverException {
    List<Map<String, String>> rec =
        rows(
            c,
            st,
            "select obj_description(oid, 'pg_publication') as print from pg_publication"
                + " where pubname = '"
                + PUBLICATION
                + "'");
    if (rec.isEmpty() || rec.get(0).get("print") == null) {
      return List.of();
    }
    String recorded = rec.get(0).get("print");
    List<Map<String, String>> now = rows(c, st, Fingerprint.SQL);
    if (!Fingerprint.changed(recorded, now)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String d : Fingerprint.drift(recorded, now, rows(copy, ct, Fingerprint.SQL))) {
      out.add(c.database() + ": " + d);
    }
    return out;
  }

  /** The sentence of a refusal to go on while the schema drifted. */
  static String driftSentence(PgConfig source, PgConfig copy, List<String> drift) {
    return "the schema of "
        + source.name()
        + " changed since the copy began, and DDL is not replicated: "
        + String.join(", ", drift)
        + "; apply the same change to "
        + copy.name()
        + ", then resume";
  }

  /** The largest lag of the publisher's Baton slots in bytes, or -1 when it has none. */
  long lag(PgConfig publisher, Transport pt) throws DriverException {
    List<Map<String, String>> r =
        rows(
            publisher,
            pt,
            "select max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn))::bigint::text"
                + " as lag from pg_replication_slots where slot_name like 'baton_from_%'");
    String lag = r.get(0).get("lag");
    return lag == null ? -1 : Long.parseLong(lag);
  }

  /**
   * Writes a marker row into every database of the fenced {@code publisher} and waits until {@code
   * sub} has applied it: commits are applied in order, so {@code sub} then has every earlier one.
   */
  ActionResult catchUp(PgConfig publisher, Transport pt, PgConfig sub, Transport tt, Duration limit)
      throws DriverException {
    List<String> dbs = databases(publisher, pt);
    List<String> seen = new ArrayList<>();
    long start = System.nanoTime();
    for (String db : dbs) {
      String id =
          write(
                  on(publisher, db),
                  pt,
                  "insert into "
                      + MARKER
                      + " (origin) values ("
                      + literal(publisher.name())
                      + ") returning id::text")
              .get(0)
              .get("id");
      PgConfig s = on(sub, db);
      Duration left = limit.minusNanos(System.nanoTime() - start);
      long ms =
          Poll.until(
              left.isNegative() ? Duration.ZERO : left,
              2,
              () -> !rows(s, tt, "select 1 from " + MARKER + " where id = " + id).isEmpty());
      if (ms < 0) {
        throw new DriverException(
            sub.name()
                + " had not applied "
                + publisher.name()
                + "'s last commit in "
                + db
                + " (marker "
                + id
                + ") within "
                + limit.toMillis()
                + " ms",
            "");
      }
      seen.add(db + " (marker " + id + ")");
    }
    return new ActionResult(
        sub.name()
            + " has applied every commit of "
            + publisher.name()
            + " in "
            + String.join(", ", seen)
            + " after "
            + (System.nanoTime() - start) / 1_000_000
            + " ms",
        "");
  }

  // ---- the cutover -------------------------------------------------------------------------

  /**
   * Fences writes: every database defaults to read-only transactions and the client sessions still
   * on it are ended. Logical replication's own workers still apply (they bypass the setting).
   */
  ActionResult fenceWrites(PgConfig c, Transport t) throws DriverException {
    List<String> dbs = databases(c, t);
    StringBuilder s = new StringBuilder();
    for (String db : dbs) {
      s.append("alter database ")
          .append(ident(db))
          .append(" set default_transaction_read_only = on; ");
    }
    s.append(
        "select count(pg_terminate_backend(pid))::text as ended from pg_stat_activity where"
            + " backend_type = 'client backend' and pid <> pg_backend_pid()");
    List<Map<String, String>> r = rows(c, t, s.toString());
    String ended = r.isEmpty() ? "0" : r.get(r.size() - 1).getOrDefault("ended", "0");
    return new ActionResult(
        c.name()
            + " accepts no more writes: "
            + String.join(", ", dbs)
            + " default to read-only and "
            + ended
            + " client sessions were ended",
        s.toString());
  }

  /**
   * {@code ALTER SYSTEM SET setting = 'value'}: it applies at the next start (or reload, for a
   * setting that allows it). Only a setting name of letters, digits and underscores is taken.
   */
  ActionResult configure(PgConfig c, Transport t, String setting, String value)
      throws DriverException {
    if (setting == null || !setting.matches("[a-z_][a-z0-9_]*") || value == null) {
      throw new DriverException("not a setting Baton can set: " + setting, "");
    }
    String statement = "alter system set " + setting + " = " + literal(value);
    exec(c, t, statement);
    return new ActionResult(
        c.name() + " has " + setting + " = " + value + " from its next start", statement);
  }

  /** Lets clients write on {@code c} again. */
  ActionResult unfenceWrites(PgConfig c, Transport t) throws DriverException {
    List<String> dbs = databases(c, t);
    StringBuilder s = new StringBuilder();
    for (String db : dbs) {
      s.append("alter database ")
          .append(ident(db))
          .append(" reset default_transaction_read_only; ");
    }
    write(c, t, s.toString());
    return new ActionResult(
        c.name() + " accepts writes again in " + String.join(", ", dbs), s.toString());
  }

  /** The databases of {@code c} that default to read-only transactions. */
  static final String READ_ONLY_SQL =
      "select coalesce(string_agg(d.datname, ',' order by d.datname), '') as dbs"
          + " from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase"
          + " where s.setrole = 0 and 'default_transaction_read_only=on' = any(s.setconfig)";

  /**
   * Sets every sequence of {@code to} to the value it has on {@code from}, which is fenced: logical
   * replication carries rows, not sequences, so without this the first insert on {@code to} would
   * reuse a key.
   */
  ActionResult carrySequences(PgConfig from, Transport ft, PgConfig to, Transport tt)
      throws DriverException {
    int n = 0;
    StringBuilder ev = new StringBuilder();
    for (String db : databases(from, ft)) {
      StringBuilder set = new StringBuilder("select 1;");
      for (Map<String, String> row :
          rows(
              on(from, db),
              ft,
              "select format('%I.%I', schemaname, sequencename) as seq, last_value::text as v"
                  + " from pg_sequences where last_value is not null"
                  + " and schemaname <> 'baton'")) {
        set.append(" select setval(")
            .append(literal(row.get("seq")))
            .append(", ")
            .append(row.get("v"))
            .append(", true);");
        ev.append(db).append(": ").append(row.get("seq")).append(" = ").append(row.get("v"));
        ev.append('\n');
        n++;
      }
      write(on(to, db), tt, set.toString());
    }
    return new ActionResult(
        n + " sequences of " + to.name() + " set to their values on " + from.name(),
        ev.toString().strip());
  }

  /**
   * Turns replication around: {@code from} stops following {@code to} (its subscription is
   * disabled, so that nothing loops back), and {@code to} follows {@code from} from now on without
   * copying, so that it stays in step for the way back.
   */
  ActionResult reverse(PgConfig from, Transport ft, PgConfig to, Transport tt)
      throws DriverException {
    StringBuilder ev = new StringBuilder();
    for (String db : databases(to, tt)) {
      PgConfig f = on(from, db);
      PgConfig o = on(to, db);
      Map<String, String> fwd = subscriptionOf(f, ft, to);
      if (fwd != null && "t".equals(fwd.get("subenabled"))) {
        write(f, ft, "alter subscription " + subscription(to) + " disable");
        ev.append(from.name()).append(" stopped following ").append(to.name());
        ev.append(" in ").append(db).append('\n');
      }
      write(
          f,
          ft,
          "do $$ begin if not exists (select 1 from"
              + " pg_publication where pubname = '"
              + PUBLICATION
              + "') then create publication "
              + PUBLICATION
              + " for all tables; end if; end $$");
      Map<String, String> back = subscriptionOf(o, tt, from);
      if (back != null && "t".equals(back.get("subenabled"))) {
        ev.append(to.name()).append(" already follows ").append(from.name());
        ev.append(" in ").append(db).append('\n');
        continue;
      }
      if (back != null) {
        // Disabled by a cutover that did not finish: its slot kept every change since.
        write(o, tt, "alter subscription " + subscription(from) + " enable");
        ev.append(to.name()).append(" follows ").append(from.name()).append(" again in ");
        ev.append(db).append('\n');
        continue;
      }
      subscribe(o, tt, from, db, false, ev);
    }
    String writable = "";
    if (!rows(from, ft, READ_ONLY_SQL).get(0).get("dbs").isEmpty()) {
      ev.append(unfenceWrites(from, ft).evidence()).append('\n');
      writable = ", and takes writes again";
    }
    return new ActionResult(
        to.name()
            + " follows "
            + from.name()
            + " from now on; "
            + from.name()
            + " follows nobody"
            + writable,
        ev.toString().strip());
  }

  /**
   * Drops {@code sub}'s subscription to {@code publisher} in every database, and its slot on the
   * publisher, so that the publisher keeps no WAL for it.
   */
  ActionResult unsubscribe(PgConfig sub, Transport st, PgConfig publisher, Transport pt)
      throws DriverException {
    List<String> dropped = new ArrayList<>();
    for (String db : databases(sub, st)) {
      PgConfig s = on(sub, db);
      if (subscriptionOf(s, st, publisher) != null) {
        dropSubscription(s, st, publisher, on(publisher, db), pt);
        dropped.add(db);
      }
    }
    return new ActionResult(
        dropped.isEmpty()
            ? sub.name() + " had no subscription to " + publisher.name()
            : sub.name()
                + " no longer subscribes to "
                + publisher.name()
                + " in "
                + String.join(", ", dropped)
                + ", and its slots there are gone",
        "");
  }

  private void dropSubscription(
      PgConfig s, Transport st, PgConfig publisher, PgConfig pubDb, Transport pt)
      throws DriverException {
    String name = subscription(publisher);
    write(
        s,
        st,
        "alter subscription "
            + name
            + " disable; alter subscription "
            + name
            + " set (slot_name = none)");
    // Without a slot it may be dropped in a transaction, so a read-write one.
    write(s, st, "drop subscription " + name);
    String slot = slot(publisher, s.database());
    // The disabled subscription's walsender leaves the slot a moment later; an active slot
    // cannot be dropped, so wait for it instead of leaving it behind (it would hold WAL).
    String active =
        "select active::text as active from pg_replication_slots where slot_name = "
            + literal(slot);
    long ms =
        Poll.until(
            SHORT,
            10,
            () -> {
              try {
                List<Map<String, String>> r = rows(pubDb, pt, active);
                return r.isEmpty() || "false".equals(r.get(0).get("active"));
              } catch (DriverException e) {
                return false;
              }
            });
    if (ms < 0) {
      throw new DriverException(
          "the slot "
              + slot
              + " on "
              + publisher.name()
              + " is still in use "
              + SHORT.toSeconds()
              + " s after its subscription was disabled; drop it there once it is not",
          "");
    }
    exec(
        pubDb,
        pt,
        "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = "
            + literal(slot)
            + " and not active");
  }

  private Map<String, String> subscriptionOf(PgConfig c, Transport t, PgConfig publisher)
      throws DriverException {
    List<Map<String, String>> r =
        rows(
            c,
            t,
            "select subenabled::text as subenabled from pg_subscription s join pg_database d on"
                + " d.oid = s.subdbid where d.datname = current_database() and s.subname = "
                + literal(subscription(publisher)));
    if (r.isEmpty()) {
      return null;
    }
    Map<String, String> row = r.get(0);
    row.put("subenabled", row.get("subenabled").startsWith("t") ? "t" : "f");
    return row;
  }

  // ---- helpers -----------------------------------------------------------------------------

  List<Map<String, String>> rows(PgConfig c, Transport t, String statement) throws DriverException {
    try {
      return sql.query(c, t, statement);
    } catch (SQLException e) {
      throw new DriverException(
          c.name() + ": " + e.getMessage().lines().findFirst().orElse(""), statement);
    }
  }

  private void exec(PgConfig c, Transport t, String statement) throws DriverException {
    rows(c, t, statement);
  }

  /**
   * Runs {@code statements} in one read-write transaction, whatever the database defaults to (a
   * fenced server's databases default to read-only); the rows of the last statement that returned
   * some.
   */
  List<Map<String, String>> write(PgConfig c, Transport t, String statements)
      throws DriverException {
    try {
      List<List<Map<String, String>>> all =
          sql.queryAll(c, t, "start transaction read write; " + statements + "; commit");
      List<Map<String, String>> last = List.of();
      for (List<Map<String, String>> r : all) {
        if (!r.isEmpty()) {
          last = r;
        }
      }
      return last;
    } catch (SQLException e) {
      throw new DriverException(
          c.name() + ": " + e.getMessage().lines().findFirst().orElse(""), statements);
    }
  }

  /**
   * A client tool of {@code runner}'s tools directory connecting to {@code server} (over TCP to a
   * remote one, over its socket directory to the runner itself), to {@code db} when not null.
   */
  private static List<String> tool(
      PgConfig runner, String tool, PgConfig server, String db, String... more) {
    List<String> argv = new ArrayList<>();
    argv.add(runner.tool(tool));
    argv.addAll(List.of(more));
    argv.addAll(
        List.of(
            "-h",
            server == runner ? server.socketDir() : server.host(),
            "-p",
            Integer.toString(server.port()),
            "-U",
            server.dbUser()));
    if (db != null) {
      argv.addAll(List.of("-d", db));
    }
    return argv;
  }

  private static CommandResult run(Transport t, PgConfig c, Duration timeout, List<String> argv)
      throws DriverException {
    List<String> args = argv.stream().filter(a -> !a.isEmpty()).toList();
    CommandResult r = t.run(new Command(args, c.osUser(), timeout));
    if (!r.ok()) {
      String err = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
      throw new DriverException(
          new Command(args, c.osUser(), timeout).display()
              + " on "
              + c.node()
              + " failed with exit "
              + r.exitCode()
              + ": "
              + err.lines().filter(l -> !l.isBlank()).findFirst().orElse(""),
          r.transcript());
    }
    return r;
  }

  private static CommandResult shell(
      Transport t, PgConfig c, Duration timeout, String script, String... args)
      throws DriverException {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", script, "sh"));
    argv.addAll(List.of(args));
    CommandResult r = t.run(new Command(argv, c.osUser(), timeout));
    if (!r.ok()) {
      throw new DriverException(
          "a command on "
              + c.node()
              + " for "
              + c.name()
              + " failed with exit "
              + r.exitCode()
              + ": "
              + r.stderr().strip().lines().findFirst().orElse(""),
          "");
    }
    return r;
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static String ident(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
