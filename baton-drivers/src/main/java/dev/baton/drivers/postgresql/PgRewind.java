package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bookmarks and point-in-time rewind (seed 004): a restore point on the primary; a copy recovered
 * from a verified base backup and the WAL archive up to a restore point, built beside the live data
 * directory and verified there; the swap that makes the copy the server's data (the old data is
 * kept aside, never deleted); and a standby rebuilt from the rewound primary.
 */
final class PgRewind {

  private static final Duration LONG = Duration.ofMinutes(10);
  private static final String CONFIG_FILES =
      "postgresql.conf pg_hba.conf pg_ident.conf postgresql.auto.conf";
  private static final Pattern END_LSN = Pattern.compile("\"End-LSN\":\\s*\"([0-9A-Fa-f/]+)\"");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final PgSql sql;
  private final PgObserver observer;

  PgRewind(PgSql sql, PgObserver observer) {
    this.sql = sql;
    this.observer = observer;
  }

  /** Where the copy of a server's data is built and verified before it replaces the data. */
  static String copyDir(PgConfig c) {
    return c.dataDir() + ".rewind";
  }

  /**
   * Creates the restore point, then switches WAL segments and waits until the archive holds the one
   * with the restore point, so that a rewind to it needs nothing the primary still keeps.
   */
  ActionResult bookmark(PgConfig c, Transport t, String name) throws DriverException {
    try {
      Map<String, String> row =
          sql.query(
                  c,
                  t,
                  "select pg_create_restore_point('"
                      + name.replace("'", "''")
                      + "')::text as lsn, now()::text as at,"
                      + " pg_walfile_name(pg_current_wal_lsn()) as segment")
              .get(0);
      String segment = row.get("segment");
      sql.query(c, t, "select pg_switch_wal()");
      long ms =
          Poll.until(Duration.ofSeconds(60), 20, () -> archivedThrough(c, t, segment.substring(8)));
      if (ms < 0) {
        throw new DriverException(
            "restore point "
                + name
                + " was created at "
                + row.get("lsn")
                + " but WAL segment "
                + segment
                + " was not archived within 60 s; check archive_command",
            "");
      }
      String tli = Integer.toString(Integer.parseInt(segment.substring(0, 8), 16));
      return new ActionResult(
              "restore point "
                  + name
                  + " on "
                  + c.name()
                  + " at "
                  + row.get("lsn")
                  + " (timeline "
                  + tli
                  + ", "
                  + row.get("at")
                  + "), archived in "
                  + ms
                  + " ms",
              "bookmark="
                  + name
                  + "\ncomponent="
                  + c.name()
                  + "\nlsn="
                  + row.get("lsn")
                  + "\ntime="
                  + row.get("at")
                  + "\ntimeline="
                  + tli
                  + "\nsegment="
                  + segment
                  + "\n")
          .with(ResultKey.BOOKMARK, name)
          .with(ResultKey.BOOKMARK_COMPONENT, c.name())
          .with(ResultKey.BOOKMARK_LSN, row.get("lsn"))
          .with(ResultKey.BOOKMARK_TIME, row.get("at"))
          .with(ResultKey.BOOKMARK_TIMELINE, tli);
    } catch (SQLException e) {
      throw new DriverException(
          "cannot create restore point " + name + " on " + c.name() + ": " + e.getMessage(), "");
    }
  }

  /** Whether the archiver has archived a segment at or past {@code logSeg} (timeline dropped). */
  private boolean archivedThrough(PgConfig c, Transport t, String logSeg) throws DriverException {
    try {
      String last =
          sql.query(c, t, "select coalesce(last_archived_wal, '') as w from pg_stat_archiver")
              .get(0)
              .get("w");
      return last.length() >= 24 && last.substring(8, 24).compareTo(logSeg) >= 0;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Builds the copy: the newest verified base backup that ends before the bookmark, recovered from
   * the archive with recovery_target_name and promoted at the target, on a private socket and no
   * TCP port; verified (stopped at the restore point, pg_amcheck) and stopped again. The recovery
   * settings are given on the command line, so none stays in the copy's configuration.
   */
  ActionResult buildCopy(PgConfig c, Transport t, String bookmark, long bookmarkLsn, String bin)
      throws DriverException {
    String copy = copyDir(c);
    String ready = t.readFile(copy + ".ready").map(String::strip).orElse("");
    if (ready.equals(bookmark) && t.readFile(copy + "/PG_VERSION").isPresent()) {
      return new ActionResult(
          "the copy of " + c.name() + " rewound to " + bookmark + " was already built", "");
    }
    String restoreCommand = restoreCommand(c, t);
    Backup backup = backupBefore(c, t, bookmark, bookmarkLsn);
    StringBuilder ev = new StringBuilder();
    stopQuietly(c, t, bin, copy);
    run(t, c, "rm", "-rf", copy, copy + ".ready");
    run(t, c, "cp", "-a", backup.dir(), copy);
    run(
        t,
        c,
        "sh",
        "-c",
        "cd \"$1\" && rm -f .verified standby.signal postmaster.pid && "
            + "touch recovery.signal && chmod 700 .",
        "sh",
        copy);
    ev.append("restored base backup ")
        .append(backup.label())
        .append(" (ends at ")
        .append(Lsn.format(backup.endLsn()))
        .append(")\n");
    String opts =
        "-c listen_addresses='' -c unix_socket_directories='"
            + copy
            + "' -c recovery_target_name='"
            + bookmark
            + "' -c recovery_target_action=promote -c restore_command='"
            + restoreCommand.replace("'", "'\\''")
            + "'";
    try {
      CommandResult up =
          run(
              t,
              c,
              bin + "/pg_ctl",
              "start",
              "-D",
              copy,
              "-l",
              copy + ".log",
              "-w",
              "-t",
              "600",
              "-o",
              opts);
      ev.append(up.transcript()).append('\n');
      long ms = Poll.until(LONG, 50, () -> promoted(c, t, bin, copy));
      String log = t.readFile(copy + ".log").orElse("");
      if (ms < 0) {
        throw new DriverException(
            "the copy of "
                + c.name()
                + " did not reach bookmark "
                + bookmark
                + ": "
                + lastFatal(log),
            ev + log);
      }
      String stopLine =
          log.lines()
              .filter(l -> l.contains("recovery stopping at restore point"))
              .findFirst()
              .orElse("");
      if (stopLine.isEmpty()) {
        throw new DriverException(
            "the copy of " + c.name() + " promoted without stopping at restore point " + bookmark,
            ev + log);
      }
      ev.append(stopLine.strip()).append('\n');
      ev.append(psql(c, t, copy, "select 'timeline ' || timeline_id from pg_control_checkpoint()"))
          .append('\n');
      CommandResult check =
          run(
              t,
              c,
              c.tool("pg_amcheck"),
              "--install-missing",
              "-h",
              copy,
              "-p",
              Integer.toString(c.port()),
              "-U",
              c.dbUser(),
              "-d",
              c.database());
      ev.append("pg_amcheck passed\n").append(check.stdout());
    } finally {
      stopQuietly(c, t, bin, copy);
    }
    run(t, c, "sh", "-c", "printf '%s\\n' \"$1\" > \"$2\"", "sh", bookmark, copy + ".ready");
    return new ActionResult(
        "built a copy of "
            + c.name()
            + " at "
            + copy
            + " from backup "
            + backup.label()
            + ", recovered to bookmark "
            + bookmark
            + " and verified (pg_amcheck)",
        ev.toString());
  }

  private boolean promoted(PgConfig c, Transport t, String bin, String copy)
      throws DriverException {
    if (t.readFile(copy + "/postmaster.pid").isEmpty()) {
      throw new DriverException(
          "the copy of "
              + c.name()
              + " stopped during recovery: "
              + lastFatal(t.readFile(copy + ".log").orElse("")),
          t.readFile(copy + ".log").orElse(""));
    }
    CommandResult r =
        t.run(
            new Command(
                List.of(
                    c.tool("psql"),
                    "-h",
                    copy,
                    "-p",
                    Integer.toString(c.port()),
                    "-U",
                    c.dbUser(),
                    "-d",
                    c.database(),
                    "-Atc",
                    "select pg_is_in_recovery()"),
                c.osUser(),
                Duration.ofSeconds(10)));
    return r.ok() && r.stdout().strip().equals("f");
  }

  private static String psql(PgConfig c, Transport t, String socket, String query)
      throws DriverException {
    return run(
            t,
            c,
            c.tool("psql"),
            "-h",
            socket,
            "-p",
            Integer.toString(c.port()),
            "-U",
            c.dbUser(),
            "-d",
            c.database(),
            "-Atc",
            query)
        .stdout()
        .strip();
  }

  private String restoreCommand(PgConfig c, Transport t) throws DriverException {
    try {
      String rc = sql.query(c, t, "select current_setting('restore_command') as r").get(0).get("r");
      if (rc == null || rc.isBlank()) {
        throw new DriverException(
            c.name()
                + " sets no restore_command, so a copy cannot read WAL from the archive; "
                + "set restore_command to fetch from where archive_command stores",
            "");
      }
      return rc;
    } catch (SQLException e) {
      throw new DriverException(
          "cannot read the restore_command of " + c.name() + ": " + e.getMessage(), "");
    }
  }

  /** A verified base backup and where its WAL ends. */
  record Backup(String label, String dir, long endLsn) {}

  /** The newest verified backup whose WAL ends at or before the bookmark. */
  static Backup backupBefore(PgConfig c, Transport t, String bookmark, long bookmarkLsn)
      throws DriverException {
    CommandResult r =
        run(
            t,
            c,
            "sh",
            "-c",
            "for d in \"$1\"/*/; do [ -f \"$d.verified\" ] || continue; "
                + "echo \"@@ $(basename \"$d\")\"; tail -c 600 \"$d/backup_manifest\"; echo; done",
            "sh",
            c.backupDir());
    Backup best = null;
    long newestEnd = -1;
    for (String block : r.stdout().split("@@ ")) {
      if (block.isBlank()) {
        continue;
      }
      String label = block.lines().findFirst().orElse("").strip();
      Matcher m = END_LSN.matcher(block);
      long end = -1;
      while (m.find()) {
        end = Math.max(end, Lsn.parse(m.group(1)));
      }
      newestEnd = Math.max(newestEnd, end);
      if (end >= 0 && end <= bookmarkLsn && (best == null || end > best.endLsn())) {
        best = new Backup(label, c.backupDir() + "/" + label, end);
      }
    }
    if (best == null) {
      throw new DriverException(
          "no verified base backup of "
              + c.name()
              + " in "
              + c.backupDir()
              + " ends before bookmark "
              + bookmark
              + " ("
              + Lsn.format(bookmarkLsn)
              + ")"
              + (newestEnd >= 0 ? "; the newest ends at " + Lsn.format(newestEnd) : ""),
          r.transcript());
    }
    return best;
  }

  /**
   * Makes the verified copy the server's data directory: the current data moves aside (kept, with
   * the time in its name) and the server keeps its own configuration files.
   */
  ActionResult swap(PgConfig c, Transport t, String bookmark, String key) throws DriverException {
    String marker = c.dataDir() + ".rewound";
    Optional<String> done = t.readFile(marker);
    if (done.isPresent() && done.get().startsWith(key + "\n")) {
      return new ActionResult(c.name() + " already runs from the rewound copy", done.get());
    }
    if (observer.observe(c, t).status() != PgState.Status.STOPPED) {
      throw new DriverException(
          c.name() + " still runs; fence it before its data directory is replaced", "");
    }
    String copy = copyDir(c);
    String ready = t.readFile(copy + ".ready").map(String::strip).orElse("");
    if (!ready.equals(bookmark)) {
      throw new DriverException(
          "no verified copy of " + c.name() + " rewound to " + bookmark + " at " + copy, "");
    }
    String aside =
        c.dataDir() + ".before-rewind-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    run(
        t,
        c,
        "sh",
        "-c",
        "mv \"$1\" \"$2\" && mv \"$3\" \"$1\" && cd \"$2\" && for f in "
            + CONFIG_FILES
            + "; do [ -f $f ] && cp -p $f \"$1\"/; done; rm -f \"$3.ready\"",
        "sh",
        c.dataDir(),
        aside,
        copy);
    String note = key + "\nbookmark=" + bookmark + "\naside=" + aside + "\n";
    run(t, c, "sh", "-c", "printf '%s' \"$1\" > \"$2\"", "sh", note, marker);
    return new ActionResult(
        c.name()
            + " now runs from the copy rewound to "
            + bookmark
            + "; its previous data is kept at "
            + aside,
        note);
  }

  /**
   * Replaces a standby's data with a fresh base backup of the rewound primary. Its old data, which
   * holds what the rewind discarded, is kept aside; its own configuration files are kept, and so is
   * postmaster.opts (which a base backup leaves out), the record of the binaries it last ran.
   */
  String rebuildStandby(PgConfig c, Transport t, PgConfig primary) throws DriverException {
    String aside =
        c.dataDir() + ".before-rewind-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    run(t, c, "mv", c.dataDir(), aside);
    CommandResult b =
        run(
            t,
            c,
            c.tool("pg_basebackup"),
            "-h",
            primary.host(),
            "-p",
            Integer.toString(primary.port()),
            "-U",
            primary.dbUser(),
            "-D",
            c.dataDir(),
            "-X",
            "stream",
            "-c",
            "fast");
    run(
        t,
        c,
        "sh",
        "-c",
        "cd \"$2\" && for f in "
            + CONFIG_FILES
            + " "
            + PgObserver.OPTS
            + "; do [ -f $f ] && cp -p $f \"$1\"/; done; "
            + "touch \"$1/standby.signal\" && chmod 700 \"$1\"",
        "sh",
        c.dataDir(),
        aside);
    // The kept postgresql.auto.conf names the old primary (and pg_basebackup's own may too).
    AutoConf.pointAt(c, t, primary);
    return "kept the old data of " + c.name() + " at " + aside + "\n" + b.transcript();
  }

  private static void stopQuietly(PgConfig c, Transport t, String bin, String dir)
      throws DriverException {
    if (t.readFile(dir + "/postmaster.pid").isPresent()) {
      t.run(
          new Command(
              List.of(bin + "/pg_ctl", "stop", "-D", dir, "-m", "fast", "-w", "-t", "60"),
              c.osUser(),
              Duration.ofSeconds(90)));
    }
  }

  private static String lastFatal(String log) {
    return log.lines()
        .filter(l -> l.contains("FATAL") || l.contains("PANIC"))
        .reduce((a, b) -> b)
        .orElse("see its log")
        .strip();
  }

  private static CommandResult run(Transport t, PgConfig c, String... argv) throws DriverException {
    CommandResult r = t.run(new Command(List.of(argv), c.osUser(), LONG));
    if (!r.ok()) {
      throw new DriverException(
          String.join(" ", argv)
              + " failed with exit "
              + r.exitCode()
              + ": "
              + (r.stderr().isBlank() ? r.stdout() : r.stderr())
                  .strip()
                  .lines()
                  .findFirst()
                  .orElse(""),
          r.transcript());
    }
    return r;
  }
}
