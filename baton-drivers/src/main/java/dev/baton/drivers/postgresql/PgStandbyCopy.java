package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Pipe;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a streaming standby of a running primary without pg_basebackup, which the binaries of a
 * new major may lack (PostgreSQL 17 from Maven Central has only initdb, pg_ctl and postgres) and
 * which refuses a server of another major: a physical slot on the primary keeps the WAL; in one
 * session on the primary the low-level backup API brackets a tar of its data directory, streamed
 * from its node into the standby's through their transports; the label pg_backup_stop returns
 * becomes the copy's backup_label; then standby.signal, primary_conninfo and the slot, and a start
 * on the standby's own binaries until it streams.
 */
final class PgStandbyCopy {

  /** What to do with a standby data directory that already holds files. */
  enum Existing {
    /** Refuse: whatever is there may be a server's data. */
    REFUSE,
    /** Delete what is there first, unless a postmaster runs from it. */
    REPLACE
  }

  /** How long the copy of a data directory may take unless the caller says otherwise. */
  static final Duration COPY_LIMIT = Duration.ofHours(6);

  private static final Duration SHORT = Duration.ofSeconds(30);
  private static final Duration STREAMING = Duration.ofSeconds(60);

  /**
   * What the copy leaves out ("Making a Base Backup Using the Low Level API", and what
   * pg_basebackup skips): the primary's postmaster files; labels and manifests of other backups;
   * the signal files (the copy gets its own standby.signal); pg_wal, which is made anew and filled
   * by streaming from the slot, and never copied as a symbolic link to the primary's WAL; the
   * content of directories the server fills at startup, and the primary's replication slots;
   * temporary files and relation cache files.
   */
  static final List<String> EXCLUDED =
      List.of(
          "./postmaster.pid",
          "./postmaster.opts",
          "./backup_label",
          "./tablespace_map",
          "./backup_manifest",
          "./standby.signal",
          "./recovery.signal",
          "./postgresql.auto.conf.tmp",
          "./current_logfiles",
          "./pg_wal",
          "./pg_replslot/*",
          "./pg_dynshmem/*",
          "./pg_notify/*",
          "./pg_serial/*",
          "./pg_snapshots/*",
          "./pg_stat_tmp/*",
          "./pg_subtrans/*",
          "pgsql_tmp*",
          "pg_internal.init");

  // GNU tar exits 1 when a file changed or vanished while it was read, which a running server's
  // files do and the WAL replayed from the backup's start repairs (the PostgreSQL documentation
  // says as much): only 2 and up are failures. The warnings for it are silenced.
  private static final String TAR_CREATE = "tar \"$@\"; rc=$?; [ \"$rc\" -le 1 ] || exit \"$rc\"";

  private static final String TAR_EXTRACT =
      "mkdir -p \"$1\" && chmod 700 \"$1\" && exec tar -xf - -C \"$1\"";

  /** The primary's settings that decide what the copy takes and what the standby changes. */
  record Source(boolean inRecovery, int tablespaces, String listenAddresses, String logDirectory) {}

  /** What pg_backup_stop returned, and what the copy moved. */
  private record Backup(String startLsn, String stopLsn, String labelFile, Pipe.Copied copied) {}

  private final PgSql sql;
  private final PgActions actions;
  private final Duration copyLimit;
  private final Consumer<String> progress;

  /** {@code progress} is told, a line at a time, how a long copy goes. */
  PgStandbyCopy(PgSql sql, PgActions actions, Duration copyLimit, Consumer<String> progress) {
    this.sql = sql;
    this.actions = actions;
    this.copyLimit = copyLimit;
    this.progress = progress;
  }

  /**
   * Makes {@code standby} a streaming standby of the running {@code primary}, started with its
   * {@code version} binaries, and returns once it streams.
   */
  ActionResult copy(
      PgConfig primary,
      Transport pt,
      PgConfig standby,
      Transport st,
      Version version,
      Existing existing)
      throws DriverException {
    standby.binDir(version); // no binaries, no copy
    StringBuilder ev = new StringBuilder();
    ev.append(prepare(standby, st, existing)).append('\n');
    Source source = source(primary, pt);
    String slot = slotName(standby);
    boolean created = ensureSlot(primary, pt, slot);
    ev.append(created ? "created" : "kept").append(" slot ").append(slot).append('\n');
    Backup b;
    try {
      b = backup(primary, pt, standby, st, source);
      PgActions.writeAs(standby, st, standby.dataDir() + "/backup_label", b.labelFile(), false);
    } catch (DriverException e) {
      if (created) {
        dropSlot(primary, pt, slot);
      }
      throw e;
    }
    ev.append(b.labelFile()).append('\n');
    layout(standby, st);
    AutoConf.pointAt(standby, st, primary, standbySettings(primary, standby, source, slot));
    ev.append(actions.start(standby, st, version, List.of()).evidence()).append('\n');
    long ms = awaitStreaming(primary, pt, standby, st, ev);
    return new ActionResult(
        standby.name()
            + " streams from "
            + primary.name()
            + " as a new standby, copied without pg_basebackup ("
            + megabytes(b.copied().bytes())
            + " in "
            + b.copied().took().toSeconds()
            + " s, backup "
            + b.startLsn()
            + " to "
            + b.stopLsn()
            + ", slot "
            + slot
            + "), streaming "
            + ms
            + " ms after its start",
        ev.toString());
  }

  /** Refuses a data directory with files in it, or empties it when told to replace it. */
  private String prepare(PgConfig standby, Transport st, Existing existing) throws DriverException {
    String dir = standby.dataDir();
    CommandResult r =
        st.run(
            new Command(
                List.of("sh", "-c", "[ ! -e \"$1\" ] || ls -A \"$1\"", "sh", dir),
                standby.osUser(),
                SHORT));
    if (!r.ok()) {
      throw new DriverException(
          "cannot look into "
              + dir
              + " on node "
              + standby.node()
              + " as "
              + standby.osUser()
              + ": "
              + r.stderr().strip(),
          r.transcript());
    }
    if (r.stdout().isBlank()) {
      return "the data directory " + dir + " of " + standby.name() + " is empty or absent";
    }
    String where = "the data directory " + dir + " of " + standby.name() + " on " + standby.node();
    if (existing == Existing.REFUSE) {
      throw new DriverException(
          where + " is not empty; a copy goes only into an empty or absent directory", "");
    }
    String pid =
        st.readFile(dir + "/postmaster.pid")
            .map(s -> s.lines().findFirst().orElse("").strip())
            .orElse("");
    if (PgObserver.alive(standby, st, pid)) {
      throw new DriverException(
          "a server (pid " + pid + ") runs from " + where + "; stop it before it is replaced", "");
    }
    PgActions.run(st, standby, "find", dir, "-mindepth", "1", "-delete");
    return "emptied " + where + " to replace it";
  }

  private Source source(PgConfig primary, Transport pt) throws DriverException {
    Map<String, String> row;
    try {
      row =
          sql.query(
                  primary,
                  pt,
                  "select pg_is_in_recovery()::text as recovery,"
                      + " (select count(*) from pg_tablespace"
                      + " where spcname not in ('pg_default', 'pg_global'))::text as tablespaces,"
                      + " current_setting('listen_addresses') as listen,"
                      + " current_setting('log_directory') as logs")
              .get(0);
    } catch (SQLException e) {
      throw new DriverException("cannot read the settings of " + primary.name() + ": " + e, "");
    }
    Source s =
        new Source(
            "true".equals(row.get("recovery")),
            Integer.parseInt(row.get("tablespaces")),
            row.get("listen"),
            row.get("logs"));
    if (s.inRecovery()) {
      throw new DriverException(
          primary.name() + " is in recovery; a standby is copied from a running primary", "");
    }
    if (s.tablespaces() > 0) {
      // Their directories lie outside the data directory, and tablespace_map would point the
      // copy at the primary's own: on one node, two servers writing into the same files.
      throw new DriverException(
          primary.name()
              + " has "
              + s.tablespaces()
              + " tablespace(s) of its own, which a copy of its data directory does not carry",
          "");
    }
    return s;
  }

  /** A physical slot name (lower-case letters, digits, underscores) for the standby's name. */
  static String slotName(PgConfig standby) {
    String s = standby.applicationName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return s.length() > 63 ? s.substring(0, 63) : s;
  }

  /**
   * Creates the standby's slot, reserving WAL from now on, so that what the copy needs from its
   * start is kept until the standby streams; an idle physical slot of that name that already
   * reserves WAL is kept. True when this call created it.
   */
  private boolean ensureSlot(PgConfig primary, Transport pt, String slot) throws DriverException {
    String on = "slot " + slot + " on " + primary.name();
    try {
      List<Map<String, String>> rows =
          sql.query(
              primary,
              pt,
              "select slot_type, active::text as active, restart_lsn::text as restart"
                  + " from pg_replication_slots where slot_name = '"
                  + slot
                  + "'");
      if (!rows.isEmpty()) {
        Map<String, String> r = rows.get(0);
        if (!"physical".equals(r.get("slot_type"))) {
          throw new DriverException(on + " is a " + r.get("slot_type") + " slot", "");
        }
        if ("true".equals(r.get("active"))) {
          throw new DriverException(on + " is in use: another server streams with it", "");
        }
        if (r.get("restart") != null) {
          return false;
        }
        sql.query(primary, pt, "select pg_drop_replication_slot('" + slot + "')");
      }
      sql.query(primary, pt, "select pg_create_physical_replication_slot('" + slot + "', true)");
      return true;
    } catch (SQLException e) {
      throw new DriverException("cannot make " + on + ": " + e.getMessage(), "");
    }
  }

  /** A slot this copy created and no standby will use: it would keep WAL forever. */
  private void dropSlot(PgConfig primary, Transport pt, String slot) {
    try {
      sql.query(primary, pt, "select pg_drop_replication_slot('" + slot + "')");
    } catch (SQLException | DriverException e) {
      progress.accept(
          "could not drop slot " + slot + " on " + primary.name() + ": " + e.getMessage());
    }
  }

  /**
   * The backup's start, the copy and the backup's stop, in one session on the primary: closing a
   * session aborts a backup it started, so a copy that fails leaves no backup running.
   */
  private Backup backup(PgConfig primary, Transport pt, PgConfig standby, Transport st, Source s)
      throws DriverException {
    try (Connection session = sql.session(primary, pt)) {
      session.setNetworkTimeout(Runnable::run, (int) copyLimit.toMillis());
      String start =
          one(
              session,
              "select pg_backup_start(?, true)::text",
              "baton copy of " + primary.name() + " for " + standby.name());
      progress.accept(
          "copying the data directory of "
              + primary.name()
              + " (node "
              + primary.node()
              + ") into "
              + standby.dataDir()
              + " of "
              + standby.name()
              + " (node "
              + standby.node()
              + "), backup started at "
              + start);
      Pipe.Copied copied =
          Pipe.copy(
              new Pipe.End(primary.node(), pt, producer(primary, s)),
              new Pipe.End(standby.node(), st, consumer(standby)),
              (bytes, elapsed) ->
                  progress.accept(
                      "copied "
                          + megabytes(bytes)
                          + " of "
                          + primary.name()
                          + " into "
                          + standby.name()
                          + " in "
                          + elapsed.toSeconds()
                          + " s"));
      try (PreparedStatement stop =
              session.prepareStatement(
                  "select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)");
          ResultSet rs = stop.executeQuery()) {
        rs.next();
        if (rs.getString(3) != null && !rs.getString(3).isBlank()) {
          throw new DriverException(
              primary.name() + " gained a tablespace during the copy; copy again", "");
        }
        return new Backup(start, rs.getString(1), rs.getString(2), copied);
      }
    } catch (SQLException e) {
      throw new DriverException(
          "cannot back up " + primary.name() + " for " + standby.name() + ": " + e.getMessage(),
          "");
    }
  }

  private static String one(Connection session, String sql, String arg) throws SQLException {
    try (PreparedStatement st = session.prepareStatement(sql)) {
      st.setString(1, arg);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** tar of the primary's data directory, as its OS user, leaving out {@link #EXCLUDED}. */
  Command producer(PgConfig primary, Source s) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                TAR_CREATE,
                "sh",
                "-cf",
                "-",
                "--warning=no-file-changed",
                "--warning=no-file-removed"));
    EXCLUDED.forEach(x -> argv.add("--exclude=" + x));
    String logs = s.logDirectory();
    if (!logs.isBlank() && !logs.startsWith("/")) {
      // A log directory inside the data directory holds the primary's logs, not the standby's.
      argv.add("--exclude=./" + logs + "/*");
    }
    argv.addAll(List.of("-C", primary.dataDir(), "."));
    return new Command(argv, primary.osUser(), copyLimit);
  }

  /** tar that unpacks into the standby's data directory, as its OS user, making it 0700. */
  Command consumer(PgConfig standby) {
    return new Command(
        List.of("sh", "-c", TAR_EXTRACT, "sh", standby.dataDir()), standby.osUser(), copyLimit);
  }

  /** An empty pg_wal (0700, with archive_status), a 0700 data directory and standby.signal. */
  private static void layout(PgConfig standby, Transport st) throws DriverException {
    PgActions.run(
        st,
        standby,
        "sh",
        "-c",
        "mkdir -p \"$1/pg_wal/archive_status\" && chmod 700 \"$1\" \"$1/pg_wal\""
            + " \"$1/pg_wal/archive_status\"",
        "sh",
        standby.dataDir());
    PgActions.writeAs(standby, st, standby.dataDir() + "/standby.signal", "", false);
  }

  /**
   * What the standby's postgresql.auto.conf sets beside primary_conninfo: its slot; its own port,
   * since the copied postgresql.conf carries the primary's; its own socket directory when it has
   * another; and its own address when the primary listens on its own address alone.
   */
  static Map<String, String> standbySettings(
      PgConfig primary, PgConfig standby, Source source, String slot) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("primary_slot_name", slot);
    s.put("port", Integer.toString(standby.port()));
    if (!standby.socketDir().equals(primary.socketDir())) {
      s.put("unix_socket_directories", standby.socketDir());
    }
    if (source.listenAddresses().strip().equals(primary.host())
        && !standby.host().equals(primary.host())) {
      s.put("listen_addresses", standby.host());
    }
    return s;
  }

  /** Waits until the primary streams to the standby and the standby is in recovery. */
  private long awaitStreaming(
      PgConfig primary, Transport pt, PgConfig standby, Transport st, StringBuilder ev)
      throws DriverException {
    String rows =
        "select state from pg_stat_replication where application_name = '"
            + standby.applicationName().replace("'", "''")
            + "'";
    long ms =
        Poll.until(STREAMING, 200, () -> streams(primary, pt, rows) && inRecovery(standby, st));
    if (ms < 0) {
      String log = st.readFile(standby.logFile()).orElse("");
      List<String> lines = log.lines().toList();
      throw new DriverException(
          standby.name()
              + " did not stream from "
              + primary.name()
              + " within "
              + STREAMING.toSeconds()
              + " s of its start; see its log "
              + standby.logFile(),
          ev + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
    return ms;
  }

  private boolean streams(PgConfig primary, Transport pt, String rows) throws DriverException {
    try {
      return sql.query(primary, pt, rows).stream()
          .anyMatch(r -> "streaming".equals(r.get("state")));
    } catch (SQLException e) {
      return false;
    }
  }

  private boolean inRecovery(PgConfig standby, Transport st) throws DriverException {
    try {
      return "true"
          .equals(sql.query(standby, st, "select pg_is_in_recovery()::text as r").get(0).get("r"));
    } catch (SQLException e) {
      return false;
    }
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
