package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Base backups of a server without pg_basebackup, whose Debian 15 build refuses 16 and 17 servers:
 * a running server is copied with tar between pg_backup_start and pg_backup_stop in one session,
 * with the WAL from the backup's start to its stop; a stopped one is copied whole. Each backup
 * carries a manifest of its files, compared against them before the backup is marked verified as
 * {@link PgActions#backup} marks it, and again before {@link PgRestore} restores it elsewhere.
 */
final class PgPhysicalBackup {

  /** How a backup was taken: from a running server, or from a stopped one's files. */
  enum Kind {
    /** Between pg_backup_start and pg_backup_stop; recovers from backup_label and its WAL. */
    ONLINE,
    /** The files of a stopped server, as its shutdown (or crash) left them. */
    COLD;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What a backup records of itself in {@value #ABOUT}: how it was taken, and for an online one the
   * first and last WAL segment it needs, and their size.
   */
  record About(Kind kind, String firstWal, String lastWal, long segmentSize) {

    static About cold() {
      return new About(Kind.COLD, "", "", 0);
    }

    String text() {
      return kind == Kind.COLD
          ? "kind cold\n"
          : "kind online\nwal %s %s\nsegment-size %d\n".formatted(firstWal, lastWal, segmentSize);
    }

    /** The file's lines by their first word; an unreadable one is an IllegalArgumentException. */
    static About parse(String text) {
      Map<String, String> m = new HashMap<>();
      for (String line : text.split("\n")) {
        String[] f = line.strip().split(" ", 2);
        if (f.length == 2) {
          m.put(f[0], f[1]);
        }
      }
      if (Kind.COLD.word().equals(m.get("kind"))) {
        return cold();
      }
      String[] wal = m.getOrDefault("wal", "").split(" ");
      String size = m.getOrDefault("segment-size", "");
      if (!Kind.ONLINE.word().equals(m.get("kind")) || wal.length != 2 || !size.matches("\\d+")) {
        throw new IllegalArgumentException(ABOUT + " says neither cold nor online with its WAL");
      }
      return new About(Kind.ONLINE, wal[0], wal[1], Long.parseLong(size));
    }

    /**
     * What the backup must hold to start: PG_VERSION and pg_control; when online also backup_label
     * and every WAL segment from its start to its stop, without a gap.
     */
    List<String> needed() {
      List<String> needed = new ArrayList<>(List.of(ABOUT, "PG_VERSION", "global/pg_control"));
      if (kind == Kind.ONLINE) {
        needed.add("backup_label");
        walSegments(firstWal, lastWal, segmentSize).forEach(n -> needed.add("pg_wal/" + n));
      }
      return needed;
    }
  }

  /** How the backup an action made or restored was taken: online or cold. */
  static final ResultKey<String> BACKUP_KIND = ResultKey.text("backupKind");

  /** The marker of a verified backup; Backups reads it. */
  static final String VERIFIED = ".verified";

  /** In each backup: its {@link About}. */
  static final String ABOUT = "baton-backup";

  private static final int WAL_BATCH = 500;

  // A running server's files change while tar reads them: GNU tar then exits 1, which the WAL
  // from the backup's start repairs. A stopped server's or a backup's files must not change.
  static final String TOLERANT = "[ \"$rc\" -le 1 ] || exit \"$rc\"";
  static final String STRICT = "[ \"$rc\" -eq 0 ] || exit \"$rc\"";

  // tar into tar on one node, in one command: the first tar's exit code comes out on fd 3, since
  // a POSIX sh has no pipefail. $1 is the source, $2 the new directory, the rest tar's options.
  private static final String LOCAL_COPY =
      "src=\"$1\"; dst=\"$2\"; shift 2; mkdir -p \"$dst\" && chmod 700 \"$dst\" || exit 2; "
          + "rc=$( { { tar -cf - \"$@\" -C \"$src\" . 3>&-; echo $? >&3; }"
          + " | tar -xf - -C \"$dst\" >&2 3>&-; } 3>&1 ) || exit 2; ";

  // The segments from the backup's start to its stop, and the timeline histories, into the
  // copy's pg_wal; the names of segments no longer there are printed and the exit is 3.
  private static final String COPY_WAL =
      "src=\"$1/pg_wal\"; dst=\"$2/pg_wal\"; shift 2; "
          + "mkdir -p \"$dst/archive_status\" && chmod 700 \"$dst\" \"$dst/archive_status\""
          + " || exit 2; missing=; "
          + "for n; do if [ -f \"$src/$n\" ]; then cp \"$src/$n\" \"$dst/$n\" || exit 2;"
          + " else missing=\"$missing $n\"; fi; done; "
          + "for h in \"$src\"/*.history; do [ ! -f \"$h\" ] || cp \"$h\" \"$dst/\" || exit 2;"
          + " done; "
          + "[ -z \"$missing\" ] || { echo \"BATON-MISSING$missing\"; exit 3; }";

  /** What pg_backup_stop returned. */
  private record Stop(String lsn, String labelFile) {}

  /** A running server's settings that decide what its backup takes. */
  private record Settings(String logDirectory, long segmentSize, String walKeepSize) {}

  private final PgSql sql;
  private final PgActions actions;
  private final Duration copyLimit;
  private final Consumer<String> progress;

  /** {@code progress} is told, a line at a time, what a long backup or restore is doing. */
  PgPhysicalBackup(PgSql sql, PgActions actions, Duration copyLimit, Consumer<String> progress) {
    this.sql = sql;
    this.actions = actions;
    this.copyLimit = copyLimit;
    this.progress = progress;
  }

  /**
   * Backs {@code c} up into {@code <backupDir>/<label>}, verifies the copy against its manifest,
   * and only then marks it verified ({@code .verified} holding {@code key}) and newest ({@code
   * LATEST}). A label already verified is kept; an unverified one an earlier attempt left is made
   * again.
   */
  ActionResult backup(PgConfig c, Transport t, String label, String key) throws DriverException {
    checkLabel(label);
    String dir = c.backupDir() + "/" + label;
    Optional<String> verified = t.readFile(dir + "/" + VERIFIED);
    if (verified.isPresent()) {
      return new ActionResult(
          c.name() + " already has the verified backup " + dir,
          "verified by " + verified.get().strip() + markLatest(c, t, label));
    }
    long t0 = System.nanoTime();
    StringBuilder ev = new StringBuilder();
    ev.append(clear(c, t, dir, "an unverified backup an earlier attempt left"));
    Kind kind = postmasterRuns(c, t) ? Kind.ONLINE : Kind.COLD;
    String made =
        switch (kind) {
          case ONLINE -> online(c, t, label, dir, ev);
          case COLD -> cold(c, t, dir, ev);
        };
    PgActions.run(t, c, "sh", "-c", BackupManifest.writing(), "sh", dir);
    long bytes = verify(c, t, dir);
    PgActions.writeAs(c, t, dir + "/" + VERIFIED, key + "\n", false);
    PgActions.writeAs(c, t, c.backupDir() + "/" + Backups.LATEST, label + "\n", false);
    String stopped = kind == Kind.COLD ? " (the server is stopped)" : "";
    return new ActionResult(
            "%s backed up %s%s to %s and verified (%s, %s, %d ms)"
                .formatted(
                    c.name(), kind.word(), stopped, dir, megabytes(bytes), made, millisSince(t0)),
            ev.toString())
        .with(BACKUP_KIND, kind.word());
  }

  /**
   * A crash between the two markers leaves LATEST naming an older backup, and the step that asked
   * for this one would never see it as newest: name it.
   */
  private static String markLatest(PgConfig c, Transport t, String label) throws DriverException {
    String latest = c.backupDir() + "/" + Backups.LATEST;
    if (t.readFile(latest).map(String::strip).orElse("").equals(label)) {
      return "";
    }
    PgActions.writeAs(c, t, latest, label + "\n", false);
    return "; " + latest + " did not name it, and does now";
  }

  /**
   * The backup's start, the copy, the backup's stop and the WAL in between, in one session: closing
   * a session aborts a backup it started, so a copy that fails leaves no backup running. A
   * temporary slot of the session keeps the WAL from the start until it is copied, as pg_basebackup
   * keeps it; without a free slot, wal_keep_size must.
   */
  private String online(PgConfig c, Transport t, String label, String dir, StringBuilder ev)
      throws DriverException {
    try (Connection s = sql.session(c, t)) {
      s.setNetworkTimeout(Runnable::run, (int) copyLimit.toMillis());
      Settings settings = settings(c, s);
      ev.append(reserveWal(s)).append('\n');
      String start =
          one(
              s,
              "select pg_backup_start(label => ?, fast => true)::text",
              label + " of " + c.name());
      progress.accept(
          "copying the data directory of %s into %s (node %s), backup started at %s"
              .formatted(c.name(), dir, c.node(), start));
      List<String> excluded = excluded(settings);
      ev.append(copyLocally(c, t, c.dataDir(), dir, excluded, TOLERANT, copyLimit).transcript());
      String first = one(s, "select pg_walfile_name(?::pg_lsn)", start);
      Stop stop = stop(s);
      PgActions.writeAs(c, t, dir + "/backup_label", stop.labelFile(), false);
      String last = one(s, "select pg_walfile_name(?::pg_lsn)", stop.lsn());
      List<String> wal = walSegments(first, last, settings.segmentSize());
      copyWal(c, t, dir, wal, settings);
      About about = new About(Kind.ONLINE, first, last, settings.segmentSize());
      PgActions.writeAs(c, t, dir + "/" + ABOUT, about.text(), false);
      ev.append('\n').append(stop.labelFile());
      return "backup %s to %s, %d WAL segment(s)".formatted(start, stop.lsn(), wal.size());
    } catch (SQLException | IllegalArgumentException e) {
      throw new DriverException(
          "cannot back up " + c.name() + ": " + e.getMessage(), ev.toString());
    }
  }

  private Settings settings(PgConfig c, Connection s) throws SQLException, DriverException {
    try (PreparedStatement st =
            s.prepareStatement(
                "select pg_is_in_recovery(), (select count(*) from pg_tablespace"
                    + " where spcname not in ('pg_default', 'pg_global')),"
                    + " current_setting('log_directory'), (select setting::bigint from pg_settings"
                    + " where name = 'wal_segment_size'), current_setting('wal_keep_size')");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      if (rs.getBoolean(1)) {
        // pg_walfile_name refuses to run during recovery, and the WAL a standby's backup needs
        // ends where its primary's does: back up the primary.
        throw new DriverException(
            c.name() + " is in recovery; a base backup is taken of a running primary", "");
      }
      if (rs.getLong(2) > 0) {
        // Their directories lie outside the data directory: a copy of it would not hold them, and
        // a tablespace_map would point a restored server at the source's own directories.
        throw new DriverException(
            "%s has %d tablespace(s) of its own, which a copy of its data directory does not carry"
                .formatted(c.name(), rs.getLong(2)),
            "");
      }
      return new Settings(rs.getString(3), rs.getLong(4), rs.getString(5));
    }
  }

  private static String reserveWal(Connection s) {
    try (PreparedStatement st =
            s.prepareStatement(
                "select pg_create_physical_replication_slot("
                    + "'baton_backup_' || pg_backend_pid(), true, true)");
        ResultSet rs = st.executeQuery()) {
      return "a temporary slot keeps the WAL from the backup's start until it is copied";
    } catch (SQLException e) {
      return "no temporary slot to keep the WAL (" + e.getMessage() + "); wal_keep_size must";
    }
  }

  private static Stop stop(Connection s) throws SQLException, DriverException {
    try (PreparedStatement st =
            s.prepareStatement(
                "select lsn::text, labelfile, spcmapfile"
                    + " from pg_backup_stop(wait_for_archive => false)");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      if (rs.getString(3) != null && !rs.getString(3).isBlank()) {
        throw new DriverException("a tablespace was made during the backup; back up again", "");
      }
      return new Stop(rs.getString(1), rs.getString(2));
    }
  }

  /** What a running server's copy leaves out: as a standby copy does, and its log directory. */
  private static List<String> excluded(Settings s) {
    List<String> x = new ArrayList<>(PgStandbyCopy.EXCLUDED);
    String logs = s.logDirectory();
    if (!logs.isBlank() && !logs.startsWith("/")) {
      x.add("./" + logs + "/*");
    }
    return x;
  }

  /**
   * The segment names from {@code first} to {@code last}, as PostgreSQL names them: timeline, then
   * the segment number split at 4 GB of WAL.
   */
  static List<String> walSegments(String first, String last, long segmentSize) {
    for (String n : List.of(first, last)) {
      if (!n.matches("[0-9A-F]{24}")) {
        throw new IllegalArgumentException(n + " is not a WAL segment name");
      }
    }
    String tli = first.substring(0, 8);
    if (!last.startsWith(tli)) {
      throw new IllegalArgumentException(
          "the backup's WAL changed timeline from " + first + " to " + last);
    }
    long perId = 0x100000000L / segmentSize;
    List<String> names = new ArrayList<>();
    for (long n = segno(first, perId); n <= segno(last, perId); n++) {
      names.add(String.format(Locale.ROOT, "%s%08X%08X", tli, n / perId, n % perId));
    }
    return names;
  }

  private static long segno(String name, long perId) {
    return Long.parseLong(name.substring(8, 16), 16) * perId
        + Long.parseLong(name.substring(16, 24), 16);
  }

  private void copyWal(PgConfig c, Transport t, String dir, List<String> wal, Settings s)
      throws DriverException {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < wal.size(); i += WAL_BATCH) {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", COPY_WAL, "sh", c.dataDir(), dir));
      argv.addAll(wal.subList(i, Math.min(wal.size(), i + WAL_BATCH)));
      CommandResult r = t.run(new Command(argv, c.osUser(), copyLimit));
      if (r.exitCode() == 3) {
        String names = r.stdout().strip().substring("BATON-MISSING".length()).strip();
        missing.addAll(List.of(names.split(" ")));
      } else if (!r.ok()) {
        throw new DriverException(
            "cannot copy the WAL of " + c.name() + " into " + dir + ": " + r.stderr().strip(),
            r.transcript());
      }
    }
    if (!missing.isEmpty()) {
      throw new DriverException(
          ("the WAL segment(s) %s of %s were removed before the backup %s could copy them; raise"
                  + " wal_keep_size (now %s) above the WAL written while a backup runs")
              .formatted(String.join(", ", missing), c.name(), dir, s.walKeepSize()),
          "");
    }
  }

  /** A stopped server's whole data directory but its postmaster files. */
  private String cold(PgConfig c, Transport t, String dir, StringBuilder ev)
      throws DriverException {
    progress.accept(
        "copying the data directory of the stopped %s into %s".formatted(c.name(), dir));
    List<String> x = List.of("./postmaster.pid", "./postmaster.opts");
    ev.append(copyLocally(c, t, c.dataDir(), dir, x, STRICT, copyLimit).transcript());
    PgActions.writeAs(c, t, dir + "/" + ABOUT, About.cold().text(), false);
    return "a copy of its files";
  }

  /**
   * Compares the backup {@code dir} on c's node against its manifest, and checks that it holds what
   * a start needs ({@link About#needed}). The bytes the backup holds; a sentence naming what
   * differs otherwise.
   */
  long verify(PgConfig c, Transport t, String dir) throws DriverException {
    progress.accept("verifying the backup " + dir + " against its manifest");
    String notVerified = "the backup " + dir + " of " + c.name() + " is not verified: ";
    try {
      Map<String, BackupManifest.Entry> recorded =
          BackupManifest.parse(
              t.readFile(dir + "/" + BackupManifest.FILE)
                  .orElseThrow(
                      () -> new IllegalArgumentException(BackupManifest.FILE + " is missing")));
      Command listing =
          new Command(
              List.of("sh", "-c", BackupManifest.listing(), "sh", dir), c.osUser(), copyLimit);
      CommandResult r = t.run(listing);
      if (!r.ok()) {
        throw new DriverException(
            notVerified + "its files cannot all be read: " + r.stderr().strip(), r.transcript());
      }
      Map<String, BackupManifest.Entry> found = BackupManifest.parse(r.stdout());
      List<String> differences = BackupManifest.differences(recorded, found);
      if (!differences.isEmpty()) {
        throw new DriverException(
            notVerified
                + differences.size()
                + " file(s) differ from its manifest: "
                + BackupManifest.describe(differences),
            "");
      }
      List<String> absent =
          about(t, dir).needed().stream().filter(p -> !found.containsKey(p)).toList();
      if (!absent.isEmpty()) {
        throw new DriverException(notVerified + "it lacks " + String.join(", ", absent), "");
      }
      return BackupManifest.bytes(found);
    } catch (IllegalArgumentException e) {
      throw new DriverException(notVerified + e.getMessage(), "");
    }
  }

  /** A backup's {@link About}. */
  static About about(Transport t, String dir) throws DriverException {
    return About.parse(t.readFile(dir + "/" + ABOUT).orElse(""));
  }

  /**
   * Replaces {@code target}'s data with {@code source}'s verified backup {@code label}: see {@link
   * PgRestore}.
   */
  ActionResult restore(
      PgConfig target, Transport tt, PgConfig source, Transport st, String label, String key)
      throws DriverException {
    checkLabel(label);
    return new PgRestore(this, sql, actions, copyLimit, progress)
        .restore(target, tt, source, st, label, key);
  }

  /** {@code <source component>:<label>} of the backup c was last restored from, if any. */
  static Optional<String> restoredFrom(PgConfig c, Transport t) throws DriverException {
    return PgRestore.restoredFrom(c, t);
  }

  /** A label names a directory: no slashes, no leading dot, nothing a shell would read. */
  private static void checkLabel(String label) throws DriverException {
    if (label == null || !label.matches("[A-Za-z0-9_][A-Za-z0-9_.:+-]*")) {
      throw new DriverException(
          "the backup label '" + label + "' must be letters, digits and _ . : + - (not first)", "");
    }
  }

  /** tar into tar on c's node as its OS user, leaving out {@code excluded}. */
  static CommandResult copyLocally(
      PgConfig c,
      Transport t,
      String from,
      String to,
      List<String> excluded,
      String exit,
      Duration limit)
      throws DriverException {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", LOCAL_COPY + exit, "sh", from, to));
    argv.add("--warning=no-file-changed");
    argv.add("--warning=no-file-removed");
    excluded.forEach(x -> argv.add("--exclude=" + x));
    CommandResult r = t.run(new Command(argv, c.osUser(), limit));
    if (!r.ok()) {
      String why = r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
      throw new DriverException(
          "cannot copy %s into %s on node %s (exit %d): %s"
              .formatted(from, to, c.node(), r.exitCode(), why),
          r.transcript());
    }
    return r;
  }

  /** Deletes {@code dir} if it exists; a line of evidence when it did, else nothing. */
  static String clear(PgConfig c, Transport t, String dir, String what) throws DriverException {
    CommandResult r =
        PgActions.run(
            t, c, "sh", "-c", "[ ! -e \"$1\" ] || { rm -rf \"$1\" && echo removed; }", "sh", dir);
    return r.stdout().contains("removed") ? "deleted " + dir + ", " + what + "\n" : "";
  }

  private static boolean postmasterRuns(PgConfig c, Transport t) throws DriverException {
    String pid =
        t.readFile(c.dataDir() + "/postmaster.pid")
            .map(s -> s.lines().findFirst().orElse("").strip())
            .orElse("");
    return PgObserver.alive(c, t, pid);
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

  static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
