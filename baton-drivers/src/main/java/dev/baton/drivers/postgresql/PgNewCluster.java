package dev.baton.drivers.postgresql;

import dev.baton.drivers.postgresql.PgMajorInPlace.Dirs;
import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.RunningCommand;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.model.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The new-major copy of a running server, built in a directory beside its data directory for an
 * in-place major upgrade ({@link PgMajorInPlace}): a new cluster with the old one's encoding,
 * locale, checksums and configuration files, started on a free port, filled over JDBC from the
 * fenced old server ({@link PgClusterCopy}, {@link PgSchemaCopy}), checked against it ({@link
 * PgInventory}) and marked complete.
 */
final class PgNewCluster {

  /** What the databases' copies carried, and what the operator should know about the result. */
  record Built(List<PgSchemaCopy.Copied> databases, List<String> notes) {
    long rows() {
      return databases.stream().mapToLong(PgSchemaCopy.Copied::rows).sum();
    }

    /** The notes as clauses of a sentence, each after "; ". */
    String clauses() {
      List<String> p = new ArrayList<>();
      for (PgSchemaCopy.Copied d : databases) {
        d.publications().forEach(x -> p.add(d.database() + ": " + x));
      }
      StringBuilder b = new StringBuilder();
      if (!p.isEmpty()) {
        b.append("; publications are not carried (")
            .append(String.join(", ", p))
            .append("): the plan builds replication again");
      }
      notes.forEach(n -> b.append("; ").append(n));
      return b.toString();
    }
  }

  /** What the old server is, read before anything changes. */
  private record Source(
      Map<String, String> settings,
      List<String> databases,
      List<String> configFiles,
      List<String> notes) {}

  /** How long one statement of the copy (a big table's COPY, an index build) may take. */
  private static final Duration COPY_LIMIT = Duration.ofHours(12);

  private static final Duration SHORT = Duration.ofSeconds(30);

  private static final int PORT_TRIES = 5;

  private final PgSql sql;
  private final Consumer<String> progress;

  PgNewCluster(PgSql sql, Consumer<String> progress) {
    this.sql = sql;
    this.progress = progress;
  }

  /**
   * Builds the new cluster in {@code dirs.fresh()} from the running (or started) old server:
   * refuses first what it cannot carry, removes an unfinished copy, fences the old server's writes,
   * and then initdb, configuration, roles, databases, the check, and the marker, last. On a failure
   * the new cluster is stopped and left without its marker, for the next call to make again.
   */
  Built build(
      PgConfig c,
      Transport t,
      PgCtl old,
      PgCtl next,
      Version from,
      Version to,
      Dirs dirs,
      boolean partial,
      StringBuilder ev)
      throws DriverException {
    if (!old.runs(dirs.data())) {
      ev.append(old.start(dirs.data(), c.logFile(), "").transcript()).append('\n');
      sql.drop(c.name());
    }
    Source src = inspect(c, t, from, dirs);
    if (partial) {
      next.stop(dirs.fresh());
      PgActions.run(t, c, "rm", "-rf", "--", dirs.fresh());
      step(ev, "removed the unfinished copy in " + dirs.fresh());
    }
    // All that can fail on the new side alone comes before the old server is touched.
    initdb(c, t, next, src.settings(), to, dirs, ev);
    copyConfig(c, t, src, dirs);
    step(ev, "copied the configuration files " + String.join(", ", src.configFiles()));
    checkConfig(c, t, next, to, dirs);
    loginRole(c, t, next, dirs, ev);
    step(ev, fence(c, t));
    Built copied;
    try {
      PgConfig fresh = startFresh(c, t, next, to, dirs, ev);
      copied = copyInto(c, t, fresh, src.databases(), src.notes(), ev);
      step(ev, verify(c, t, fresh, src.databases()));
    } catch (DriverException e) {
      // No server is left running from an unfinished copy; the failure is what is reported.
      try {
        next.stop(dirs.fresh());
      } catch (DriverException stopping) {
        e.addSuppressed(stopping);
      }
      throw new DriverException(
          e.getMessage()
              + "; "
              + c.name()
              + " still runs "
              + from
              + " with every row, fenced (its databases default to read-only) until a new call"
              + " finishes the upgrade",
          e.evidence());
    }
    next.stop(dirs.fresh());
    PgActions.writeAs(
        c,
        t,
        dirs.fresh() + "/" + PgMajorInPlace.MARKER,
        "a copy of " + dirs.data() + " (PostgreSQL " + from.major() + "), checked\n",
        false);
    step(ev, "stopped the new cluster and marked it complete");
    return copied;
  }

  /**
   * The old server as the copy needs it: the one running from the data directory, a primary, on the
   * major on disk, connected as a superuser (only a superuser reads password verifiers), holding
   * nothing the copy does not carry. Nothing has changed yet when this refuses.
   */
  private Source inspect(PgConfig c, Transport t, Version from, Dirs dirs) throws DriverException {
    try (Connection admin = session(c, t, c.database())) {
      Map<String, String> s =
          PgRows.of(
                  admin,
                  c.name() + ": reading its settings",
                  "select current_setting('server_version_num')::int / 10000 as major,"
                      + " pg_is_in_recovery() as recovery, (select rolsuper from pg_roles where"
                      + " rolname = current_user) as superuser, current_setting('data_directory')"
                      + " as data_directory, (select rolname from pg_authid where oid = 10) as"
                      + " bootstrap, pg_encoding_to_char(d.encoding) as encoding, d.datcollate,"
                      + " d.datctype, d.datlocprovider as provider, coalesce(to_jsonb(d)->>"
                      + "'daticulocale', to_jsonb(d)->>'datlocale') as locale, to_jsonb(d)->>"
                      + "'daticurules' as rules, current_setting('data_checksums') as checksums,"
                      + " pg_size_bytes(current_setting('wal_segment_size')) / 1048576 as"
                      + " wal_mb, current_setting('archive_mode') as archive_mode from"
                      + " pg_database d where d.datname = 'template1'")
              .get(0);
      List<String> refused = new ArrayList<>();
      if (Integer.parseInt(s.get("major")) != from.major()) {
        refused.add(
            "the server at port "
                + c.port()
                + " runs PostgreSQL "
                + s.get("major")
                + ", but "
                + dirs.data()
                + " holds "
                + from.major());
      }
      if (!sameDir(c, t, s.get("data_directory"), dirs.data())) {
        refused.add(
            "the server at port "
                + c.port()
                + " runs from "
                + s.get("data_directory")
                + ", not from "
                + dirs.data());
      }
      if ("t".equals(s.get("recovery"))) {
        refused.add("it is a standby: upgrade its primary, then build the standby again");
      }
      if (!"t".equals(s.get("superuser"))) {
        refused.add(
            c.dbUser()
                + " is not a superuser: only a superuser can copy roles and their"
                + " passwords; name one as dbUser");
      }
      List<String> files = configFiles(admin, s.get("data_directory"), refused);
      refused.addAll(PgNotCarried.inCluster(admin));
      List<String> dbs = PgClusterCopy.databases(admin);
      for (String db : dbs) {
        try (Connection conn = session(c, t, db)) {
          refused.addAll(PgNotCarried.inDatabase(conn, db));
        } catch (SQLException e) {
          throw new DriverException(c.name() + "/" + db + ": " + e.getMessage(), "");
        }
      }
      if (!refused.isEmpty()) {
        throw new DriverException(
            "cannot upgrade "
                + c.name()
                + " in place: "
                + String.join("; ", refused)
                + ". Nothing was changed",
            "");
      }
      List<String> notes = new ArrayList<>();
      if (!"off".equals(s.get("archive_mode"))) {
        notes.add(
            "archive_mode is "
                + s.get("archive_mode")
                + ": the new cluster's WAL file names start again from the first, so point its"
                + " archive_command at a new place before its WAL reaches the old archive's names");
      }
      return new Source(s, dbs, files, notes);
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + e.getMessage(), "");
    }
  }

  private static boolean sameDir(PgConfig c, Transport t, String a, String b)
      throws DriverException {
    return t.run(new Command(List.of("test", a, "-ef", b), c.osUser(), SHORT)).ok();
  }

  /**
   * The configuration files inside the data directory (relative to it): those the server read its
   * settings from, its hba and ident files, postgresql.auto.conf, and SSL files it names. Files
   * outside it stay where they are, shared by both majors; a postgresql.conf outside it means the
   * server was not started the way Baton starts it (pg_ctl -D dataDir), which is refused.
   */
  private static List<String> configFiles(Connection admin, String dataDir, List<String> refused)
      throws DriverException {
    String base = dataDir.replaceAll("/+$", "") + "/";
    String config = PgRows.one(admin, "reading config_file", "show config_file");
    if (!config.startsWith(base)) {
      refused.add(
          "its postgresql.conf is "
              + config
              + ", outside its data directory "
              + dataDir
              + ": Baton starts a server with pg_ctl -D on its data directory");
    }
    Set<String> out = new java.util.TreeSet<>(List.of("postgresql.auto.conf"));
    for (Map<String, String> r :
        PgRows.of(
            admin,
            "listing the configuration files",
            "select sourcefile as f from pg_file_settings where sourcefile is not null union"
                + " select current_setting(n) from unnest(array['config_file', 'hba_file',"
                + " 'ident_file']) n union select case when setting like '/%' then setting else"
                + " current_setting('data_directory') || '/' || setting end from pg_settings"
                + " where name in ('ssl_cert_file', 'ssl_key_file', 'ssl_ca_file',"
                + " 'ssl_crl_file', 'ssl_crl_dir', 'ssl_dh_params_file') and setting <> ''")) {
      String f = r.get("f");
      if (f.startsWith(base)) {
        out.add(f.substring(base.length()));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Fences client writes on the old server (Baton's own fence, {@link PgLogical#fenceWrites}): its
   * databases default to read-only and client sessions are ended, so nothing is written after the
   * copy's snapshot. The held session is made writable first: after a crash, a new one starts
   * read-only, and ALTER DATABASE is refused in a read-only transaction.
   */
  private String fence(PgConfig c, Transport t) throws DriverException {
    try {
      sql.query(c, t, "set default_transaction_read_only = off");
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + e.getMessage(), "");
    }
    return new PgLogical(sql, null).fenceWrites(c, t).summary();
  }

  private void initdb(
      PgConfig c,
      Transport t,
      PgCtl next,
      Map<String, String> s,
      Version to,
      Dirs dirs,
      StringBuilder ev)
      throws DriverException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                next.bin() + "/initdb",
                "-D",
                dirs.fresh(),
                "-U",
                s.get("bootstrap"),
                "-E",
                s.get("encoding"),
                "--lc-collate=" + s.get("datcollate"),
                "--lc-ctype=" + s.get("datctype"),
                "--auth=trust"));
    switch (s.get("provider")) {
      case "i" -> {
        argv.addAll(List.of("--locale-provider=icu", "--icu-locale=" + s.get("locale")));
        if (s.get("rules") != null) {
          argv.add("--icu-rules=" + s.get("rules"));
        }
      }
      case "b" ->
          argv.addAll(List.of("--locale-provider=builtin", "--builtin-locale=" + s.get("locale")));
      default -> {}
    }
    if ("on".equals(s.get("checksums"))) {
      argv.add("--data-checksums");
    } else if (to.major() >= 18) {
      argv.add("--no-data-checksums"); // 18 turned them on by default
    }
    if (!"16".equals(s.get("wal_mb"))) {
      argv.add("--wal-segsize=" + s.get("wal_mb"));
    }
    progress.accept(c.name() + ": initdb of PostgreSQL " + to + " in " + dirs.fresh());
    CommandResult r = PgActions.run(t, c, argv.toArray(String[]::new));
    step(ev, "$ " + r.command().display());
  }

  private static void copyConfig(PgConfig c, Transport t, Source src, Dirs dirs)
      throws DriverException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "s=\"$1\"; d=\"$2\"; shift 2; for f in \"$@\"; do if [ -e \"$s/$f\" ]; then"
                    + " mkdir -p \"$d/$(dirname \"$f\")\" && cp -pR \"$s/$f\" \"$d/$f\" || exit"
                    + " 1; fi; done",
                "sh",
                dirs.data(),
                dirs.fresh()));
    argv.addAll(src.configFiles());
    PgActions.run(t, c, argv.toArray(String[]::new));
  }

  /**
   * The new major reads the old configuration files: a setting it no longer knows fails here
   * (postgres -C reads them all and prints one), before the old server is fenced.
   */
  private static void checkConfig(PgConfig c, Transport t, PgCtl next, Version to, Dirs dirs)
      throws DriverException {
    CommandResult r =
        t.run(
            new Command(
                List.of(next.bin() + "/postgres", "-D", dirs.fresh(), "-C", "server_version"),
                c.osUser(),
                SHORT));
    if (!r.ok()) {
      throw new DriverException(
          "PostgreSQL "
              + to
              + " does not accept the configuration of "
              + c.name()
              + ": "
              + serverWords(r.stderr()).orElse("exit " + r.exitCode())
              + "; change it in "
              + dirs.data()
              + " (for both majors) and upgrade again. Nothing was changed on "
              + c.name(),
          r.transcript());
    }
  }

  /** What a server said on standard error, its messages without their timestamps, joined. */
  static Optional<String> serverWords(String stderr) {
    List<String> said =
        stderr
            .lines()
            .map(l -> l.replaceFirst("^.*?\\b(LOG|FATAL|ERROR|PANIC):\\s+", "$1: "))
            .filter(l -> l.matches("(LOG|FATAL|ERROR|PANIC): .*"))
            .toList();
    return said.isEmpty() ? Optional.empty() : Optional.of(String.join(" / ", said));
  }

  /**
   * The copied pg_hba.conf may ask Baton's database user for its password: in single-user mode,
   * before the new cluster listens, that user gets the old cluster's password verifier (the
   * bootstrap user is given it; another is created a superuser). The verifier goes in on standard
   * input, never on a command line or into evidence.
   */
  private void loginRole(PgConfig c, Transport t, PgCtl next, Dirs dirs, StringBuilder ev)
      throws DriverException {
    if (c.passwordSecret().isEmpty()) {
      return;
    }
    Map<String, String> r;
    try {
      r =
          sql.query(
                  c,
                  t,
                  "select quote_ident(rolname) as name, quote_literal(rolpassword) as verifier,"
                      + " oid = 10 as bootstrap from pg_authid where rolname = current_user")
              .get(0);
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + e.getMessage(), "");
    }
    if (r.get("verifier") == null) {
      return;
    }
    String statement =
        ("t".equals(r.get("bootstrap"))
                ? "alter role " + r.get("name")
                : "create role " + r.get("name") + " superuser login")
            + " password "
            + r.get("verifier")
            + "\n";
    Command single =
        new Command(
            List.of(
                next.bin() + "/postgres",
                "--single",
                "-D",
                dirs.fresh(),
                "-c",
                "exit_on_error=on",
                "template1"),
            c.osUser(),
            Duration.ofMinutes(2));
    try (RunningCommand p = t.open(single)) {
      try (OutputStream in = p.stdin()) {
        in.write(statement.getBytes(StandardCharsets.UTF_8));
      }
      p.stdout().transferTo(OutputStream.nullOutputStream());
      Optional<RunningCommand.Exit> exit = p.await(Duration.ofMinutes(2));
      if (exit.isEmpty() || !exit.get().ok()) {
        String why =
            p.stderr().lines().filter(l -> l.contains("FATAL")).findFirst().orElse("no exit");
        throw new DriverException(
            "giving " + r.get("name") + " its password in the new cluster failed: " + why, "");
      }
    } catch (IOException e) {
      throw new DriverException("cannot talk to a single-user postgres: " + e.getMessage(), "");
    }
    step(ev, "gave " + r.get("name") + " its password verifier in the new cluster");
  }

  /**
   * Starts the new cluster on a free port of the old one's address, without archiving: its WAL file
   * names start again from the beginning and would collide with the old one's archive.
   */
  private PgConfig startFresh(
      PgConfig c, Transport t, PgCtl next, Version to, Dirs dirs, StringBuilder ev)
      throws DriverException {
    if (!c.host().matches("[A-Za-z0-9.:_-]+")) {
      throw new DriverException(
          "the host " + c.host() + " of " + c.name() + " is not a plain address or name", "");
    }
    // The log holds this build's starts only, so that the cause quoted is this start's.
    PgActions.run(t, c, "rm", "-f", "--", dirs.freshLog());
    DriverException last = null;
    for (int i = 0; i < PORT_TRIES; i++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      if (port == c.port()) {
        continue;
      }
      String opts = "-p " + port + " -c listen_addresses=" + c.host() + " -c archive_mode=off";
      try {
        next.start(dirs.fresh(), dirs.freshLog(), opts);
        step(ev, "started the new cluster on port " + port + " (" + opts + ")");
        progress.accept(c.name() + ": the new cluster runs on port " + port);
        return new PgConfig(
            c.name() + ".new-" + to.major(),
            c.node(),
            c.host(),
            port,
            dirs.fresh(),
            c.socketDir(),
            dirs.freshLog(),
            c.backupDir(),
            c.osUser(),
            c.dbUser(),
            c.database(),
            c.toolsDir(),
            c.applicationName(),
            c.passwordSecret(),
            to,
            c.binDirs());
      } catch (DriverException e) {
        if (!portTaken(e.getMessage())) {
          throw e;
        }
        last = e; // another server took that port: try another
      }
    }
    throw last == null ? new DriverException("no port to try for the new cluster", "") : last;
  }

  /** Whether a start failed because something else listens on the port, or holds its lock. */
  static boolean portTaken(String failure) {
    return failure.contains("could not create any TCP/IP sockets")
        || failure.contains("could not bind")
        || failure.contains("Address already in use")
        || failure.matches("(?s).*lock file \"[^\"]*\\.s\\.PGSQL\\.\\d+\\.lock\" already exists.*");
  }

  /** Roles, databases and their contents, and the settings, from the old server into the new. */
  private Built copyInto(
      PgConfig c,
      Transport t,
      PgConfig fresh,
      List<String> dbs,
      List<String> notes,
      StringBuilder ev)
      throws DriverException {
    PgSchemaCopy schema = new PgSchemaCopy(progress);
    List<PgSchemaCopy.Copied> done = new ArrayList<>();
    try (Connection sa = session(c, t, c.database());
        Connection da = session(fresh, t, "template1")) {
      int roles = PgClusterCopy.roles(sa, da);
      step(ev, "copied " + roles + " roles and their memberships");
      Set<String> there = new HashSet<>();
      PgRows.of(da, "listing the new cluster's databases", "select datname from pg_database")
          .forEach(r -> there.add(r.get("datname")));
      for (String db : dbs) {
        PgClusterCopy.database(sa, da, db, there.contains(db));
      }
      int n = 0;
      for (String db : dbs) {
        progress.accept(
            c.name() + ": copying database " + db + " (" + ++n + " of " + dbs.size() + ")");
        try (Connection s = session(c, t, db);
            Connection d = session(fresh, t, db)) {
          PgSchemaCopy.Copied one = schema.copy(s, d, db);
          done.add(one);
          progress.accept(c.name() + ": copied " + one.summary());
          step(ev, "copied " + one.summary());
        }
      }
      int settings = PgClusterCopy.settings(sa, da);
      step(ev, "carried " + settings + " settings per role and database (not Baton's fence)");
      if (!dbs.contains("postgres")) {
        PgRows.exec(
            da,
            "dropping the database postgres, which the old cluster had not",
            "drop database postgres");
      }
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + e.getMessage(), "");
    }
    return new Built(done, notes);
  }

  /** Every database's objects and row counts, and the cluster's roles and settings, compared. */
  private String verify(PgConfig c, Transport t, PgConfig fresh, List<String> dbs)
      throws DriverException {
    List<String> diffs = new ArrayList<>();
    long rows = 0;
    int tables = 0;
    try {
      try (Connection a = session(c, t, c.database());
          Connection b = session(fresh, t, c.database())) {
        PgInventory.ofCluster(a, c.name())
            .differences(PgInventory.ofCluster(b, fresh.name()))
            .forEach(d -> diffs.add("cluster: " + d));
      }
      for (String db : dbs) {
        try (Connection a = session(c, t, db);
            Connection b = session(fresh, t, db)) {
          PgInventory was = PgInventory.ofDatabase(a, c.name() + "/" + db);
          was.differences(PgInventory.ofDatabase(b, fresh.name() + "/" + db))
              .forEach(d -> diffs.add(db + ": " + d));
          rows += was.totalRows();
          tables += was.rows().size();
        }
      }
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": checking the copy failed: " + e.getMessage(), "");
    }
    if (!diffs.isEmpty()) {
      throw new DriverException(
          "the copy of "
              + c.name()
              + " differs from it, so it is not swapped in (the old server keeps every row; a"
              + " new call copies again): "
              + PgNotCarried.names(diffs),
          String.join("\n", diffs));
    }
    String s =
        "checked the copy: the same objects, roles and settings, and the same row count in each of"
            + " "
            + tables
            + " tables ("
            + rows
            + " rows)";
    progress.accept(c.name() + ": " + s);
    return s;
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A session of the copy's own to {@code db}, allowed {@link #COPY_LIMIT} per statement. */
  private Connection session(PgConfig c, Transport t, String db)
      throws SQLException, DriverException {
    Connection conn = sql.session(PgLogical.on(c, db), t);
    conn.setNetworkTimeout(Runnable::run, (int) COPY_LIMIT.toMillis());
    return conn;
  }

  private void step(StringBuilder ev, String line) {
    ev.append(line).append('\n');
  }
}
