package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.Pipe;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import dev.baton.model.Version;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replaces a server's data with another's verified base backup ({@link PgPhysicalBackup}): the
 * backup is copied beside the target's data directory while the target still runs, given the
 * target's own configuration files, and swapped in after a fast stop; the former data directory is
 * kept beside it. The server then starts on the binaries of the backup's major and recovers from
 * backup_label with the WAL in pg_wal: with no signal file PostgreSQL replays all of it, as it does
 * for pg_basebackup's own copies. Each step can be repeated after a crash.
 */
final class PgRestore {

  /** Where a restore moved the target's former data directory, which it keeps. */
  static final ResultKey<String> KEPT_DATA_DIR = ResultKey.text("keptDataDir");

  /** {@code <source component>:<label>} of the backup a server was restored from. */
  static final ResultKey<String> RESTORED_FROM = ResultKey.text("restoredFrom");

  /** In a target's backup directory: the backup it was last restored from. */
  static final String RESTORED = "RESTORED";

  /** In a staging directory once it is whole (and in the data directory until RESTORED is). */
  static final String STAGED = ".baton-staged";

  /** The target's own files, which a restore keeps: its port, addresses and access rules. */
  private static final List<String> OWN_FILES =
      List.of("postgresql.conf", "postgresql.auto.conf", "pg_hba.conf", "pg_ident.conf");

  /** Baton's files in a backup, which a restored data directory does not need. */
  private static final List<String> BATON_FILES =
      List.of(
          "./" + PgPhysicalBackup.VERIFIED,
          "./" + PgPhysicalBackup.ABOUT,
          "./" + BackupManifest.FILE,
          "./" + BackupManifest.FILE + ".part");

  private static final Duration OUT_OF_RECOVERY = Duration.ofSeconds(120);

  private static final String TAR_CREATE = "tar \"$@\"; rc=$?; " + PgPhysicalBackup.STRICT;

  private static final String TAR_EXTRACT =
      "mkdir -p \"$1\" && chmod 700 \"$1\" && exec tar -xf - -C \"$1\"";

  // The target's own files from $1 (its data directory, or where a crash left it aside) into the
  // staging copy $2, no postmaster or signal files (a restored server runs as a primary), and last
  // the marker $3 that says the staging copy is whole.
  private static final String FINISH_STAGING =
      "own=\"$1\"; s=\"$2\"; for f in "
          + String.join(" ", OWN_FILES)
          + "; do if [ -f \"$own/$f\" ]; then cp -p \"$own/$f\" \"$s/$f\" || exit 2;"
          + " else rm -f \"$s/$f\"; fi; done; "
          + "rm -f \"$s/postmaster.pid\" \"$s/postmaster.opts\" \"$s/standby.signal\""
          + " \"$s/recovery.signal\" && chmod 700 \"$s\" && printf '%s' \"$3\" > \"$s/"
          + STAGED
          + "\"";

  // Whether the data ($1) and aside ($3) directories exist, then the first line of the markers in
  // the data and staging ($2) directories: one line each, $( ) dropping the marker's own newline.
  private static final String LAYOUT =
      "for d in \"$1\" \"$3\"; do [ -d \"$d\" ] && echo y || echo n; done; "
          + "for d in \"$1\" \"$2\"; do printf '%s\\n' \"$(head -n 1 \"$d/"
          + STAGED
          + "\" 2>/dev/null)\"; done";

  /** One restore: who, from where, and its three directories on the target's node. */
  private record Job(PgConfig target, Transport tt, PgConfig source, Transport st, String label) {
    String from() {
      return source.name() + ":" + label;
    }

    String backup() {
      return source.backupDir() + "/" + label;
    }

    String data() {
      return target.dataDir();
    }

    /** Where the backup is copied first, beside the data directory, while the target still runs. */
    String staging() {
      return data() + ".restore-" + label;
    }

    /** Where the target's former data directory is kept. */
    String aside() {
      return data() + ".before-restore-" + label;
    }

    boolean sameAccount() {
      return source.node().equals(target.node()) && source.osUser().equals(target.osUser());
    }
  }

  /** Which of a restore's directories exist on the target, and which backup each marker names. */
  private record Layout(boolean data, boolean aside, String dataMarker, String stagingMarker) {}

  private final PgPhysicalBackup backups;
  private final PgSql sql;
  private final PgActions actions;
  private final Duration copyLimit;
  private final Consumer<String> progress;

  PgRestore(
      PgPhysicalBackup backups,
      PgSql sql,
      PgActions actions,
      Duration copyLimit,
      Consumer<String> progress) {
    this.backups = backups;
    this.sql = sql;
    this.actions = actions;
    this.copyLimit = copyLimit;
    this.progress = progress;
  }

  /**
   * Replaces {@code target}'s data with {@code source}'s verified backup {@code label}, keeping
   * target's own configuration files and its former data directory, and starts it on the binaries
   * of the backup's major; records the backup in target's {@value #RESTORED}. Resumes where a crash
   * left an earlier attempt.
   */
  ActionResult restore(
      PgConfig target, Transport tt, PgConfig source, Transport st, String label, String key)
      throws DriverException {
    Job j = new Job(target, tt, source, st, label);
    if (j.from().equals(restoredFrom(target, tt).orElse("")) && outOfRecovery(target, tt)) {
      PgActions.run(tt, target, "rm", "-f", j.data() + "/" + STAGED);
      return result(j, target.name() + " already runs restored from " + j.from(), "");
    }
    long t0 = System.nanoTime();
    if (st.readFile(j.backup() + "/" + PgPhysicalBackup.VERIFIED).isEmpty()) {
      throw new DriverException(
          "refusing to restore %s onto %s: %s/%s is missing on node %s, so the backup is not verified"
              .formatted(
                  j.from(), target.name(), j.backup(), PgPhysicalBackup.VERIFIED, source.node()),
          "");
    }
    long bytes = backups.verify(source, st, j.backup());
    PgPhysicalBackup.Kind kind = PgPhysicalBackup.about(st, j.backup()).kind();
    Version version = binariesFor(j);
    StringBuilder ev = new StringBuilder();
    putInPlace(j, j.from() + "\n" + key + "\n", ev);
    ev.append(actions.start(target, tt, version, List.of()).evidence()).append('\n');
    awaitOutOfRecovery(target, tt, ev);
    PgActions.run(tt, target, "mkdir", "-p", target.backupDir());
    PgActions.writeAs(target, tt, target.backupDir() + "/" + RESTORED, j.from() + "\n", false);
    PgActions.run(tt, target, "rm", "-f", j.data() + "/" + STAGED);
    String said =
        "%s restored from %s (%s, %s) and runs %s on port %d out of recovery (%d ms)"
            .formatted(
                target.name(),
                j.from(),
                kind.word(),
                PgPhysicalBackup.megabytes(bytes),
                version,
                target.port(),
                PgPhysicalBackup.millisSince(t0));
    return result(j, said, ev.toString()).with(PgPhysicalBackup.BACKUP_KIND, kind.word());
  }

  private static ActionResult result(Job j, String said, String evidence) {
    return new ActionResult(said + "; its former data directory is kept at " + j.aside(), evidence)
        .with(RESTORED_FROM, j.from())
        .with(KEPT_DATA_DIR, j.aside());
  }

  /** {@code <source component>:<label>} of the backup c was last restored from, if any. */
  static Optional<String> restoredFrom(PgConfig c, Transport t) throws DriverException {
    return t.readFile(c.backupDir() + "/" + RESTORED).map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * The target's binaries of the backup's major (its PG_VERSION): a 17 backup runs on 17 wherever
   * it is restored. Found before anything is stopped or moved.
   */
  private static Version binariesFor(Job j) throws DriverException {
    PgConfig target = j.target();
    String text = j.st().readFile(j.backup() + "/PG_VERSION").orElse("").strip();
    if (!text.matches("\\d+")) {
      throw new DriverException(j.backup() + "/PG_VERSION names no major: " + text, "");
    }
    int major = Integer.parseInt(text);
    Version best = null;
    for (Version v : target.binDirs().keySet()) { // sorted: else the newest of the major wins
      if (v.major() == major && v.sameLevel(target.declaredVersion())) {
        return v;
      }
      best = v.major() == major ? v : best;
    }
    if (best == null) {
      throw new DriverException(
          ("cannot restore %s onto %s: the backup holds PostgreSQL %d data and %s has no binaries"
                  + " of that major; add the property bin.%d.<minor> with their bin directory")
              .formatted(j.from(), target.name(), major, target.name(), major),
          "");
    }
    return best;
  }

  /**
   * Brings the backup into the target's data directory from wherever an earlier attempt stopped:
   * nothing moved yet (copy, stop, move both); the former data aside but the copy not in place (a
   * crash between the moves: finish, copying again unless the staging copy is whole); or both moved
   * (nothing to do). {@code marker} says, in a whole staging copy, which backup it holds.
   */
  private void putInPlace(Job j, String marker, StringBuilder ev) throws DriverException {
    Layout l = layout(j);
    if (!l.aside()) {
      if (!l.data()) {
        throw new DriverException(
            "%s has no data directory %s to take its settings from"
                .formatted(j.target().name(), j.data()),
            "");
      }
      stage(j, j.data(), marker, ev);
      ev.append(actions.stop(j.target(), j.tt()).evidence()).append('\n');
      forgetRestored(j);
      String swap = "mv \"$1\" \"$2\" && mv \"$3\" \"$1\"";
      PgActions.run(j.tt(), j.target(), "sh", "-c", swap, "sh", j.data(), j.aside(), j.staging());
    } else if (!l.data()) {
      if (!j.from().equals(l.stagingMarker())) {
        stage(j, j.aside(), marker, ev);
      }
      forgetRestored(j);
      PgActions.run(j.tt(), j.target(), "mv", j.staging(), j.data());
    } else if (!j.from().equals(l.dataMarker())
        && !j.from().equals(restoredFrom(j.target(), j.tt()).orElse(""))) {
      throw new DriverException(
          ("%s holds a data directory an earlier restore kept, and %s does not hold %s; move %s"
                  + " away to restore %s onto %s")
              .formatted(j.aside(), j.data(), j.from(), j.aside(), j.label(), j.target().name()),
          "");
    }
  }

  /**
   * From the swap on, the data directory no longer holds what an earlier restore recorded: a crash
   * before this one records its own must not leave the earlier one named.
   */
  private static void forgetRestored(Job j) throws DriverException {
    PgActions.run(j.tt(), j.target(), "rm", "-f", j.target().backupDir() + "/" + RESTORED);
  }

  private static Layout layout(Job j) throws DriverException {
    List<String> out =
        PgActions.run(
                j.tt(), j.target(), "sh", "-c", LAYOUT, "sh", j.data(), j.staging(), j.aside())
            .stdout()
            .lines()
            .toList();
    return new Layout(
        "y".equals(out.get(0)),
        "y".equals(out.get(1)),
        out.size() > 2 ? out.get(2).strip() : "",
        out.size() > 3 ? out.get(3).strip() : "");
  }

  /**
   * Makes the staging directory anew from the backup, then gives it the target's own files from
   * {@code own} and the marker.
   */
  private void stage(Job j, String own, String marker, StringBuilder ev) throws DriverException {
    PgConfig target = j.target();
    ev.append(
        PgPhysicalBackup.clear(
            target, j.tt(), j.staging(), "a staging copy an earlier attempt left"));
    progress.accept(
        "copying the backup %s (node %s) into %s (node %s)"
            .formatted(j.backup(), j.source().node(), j.staging(), target.node()));
    if (j.sameAccount()) {
      String copied =
          PgPhysicalBackup.copyLocally(
                  target,
                  j.tt(),
                  j.backup(),
                  j.staging(),
                  BATON_FILES,
                  PgPhysicalBackup.STRICT,
                  copyLimit)
              .transcript();
      ev.append(copied).append('\n');
    } else {
      ev.append(copyAcross(j)).append('\n');
    }
    PgActions.run(j.tt(), target, "sh", "-c", FINISH_STAGING, "sh", own, j.staging(), marker);
  }

  /**
   * The backup from the source's node (or OS user) into the staging directory on the target's, a
   * tar streamed between their transports.
   */
  private String copyAcross(Job j) throws DriverException {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", TAR_CREATE, "sh", "-cf", "-"));
    BATON_FILES.forEach(p -> argv.add("--exclude=" + p));
    argv.addAll(List.of("-C", j.backup(), "."));
    Command create = new Command(argv, j.source().osUser(), copyLimit);
    Command extract =
        new Command(
            List.of("sh", "-c", TAR_EXTRACT, "sh", j.staging()), j.target().osUser(), copyLimit);
    Pipe.Copied copied =
        Pipe.copy(
            new Pipe.End(j.source().node(), j.st(), create),
            new Pipe.End(j.target().node(), j.tt(), extract),
            (bytes, elapsed) ->
                progress.accept(
                    "copied %s into %s in %d s"
                        .formatted(
                            PgPhysicalBackup.megabytes(bytes), j.staging(), elapsed.toSeconds())));
    return "copied %s from node %s to node %s in %d ms"
        .formatted(
            PgPhysicalBackup.megabytes(copied.bytes()),
            j.source().node(),
            j.target().node(),
            copied.took().toMillis());
  }

  /**
   * A restored online backup replays its WAL from backup_label before it takes connections: it is
   * done once it answers out of recovery.
   */
  private void awaitOutOfRecovery(PgConfig target, Transport tt, StringBuilder ev)
      throws DriverException {
    long ms = Poll.until(OUT_OF_RECOVERY, 100, () -> outOfRecovery(target, tt));
    if (ms < 0) {
      throw new DriverException(
          "%s did not come out of recovery within %d s of its start; see its log %s"
              .formatted(target.name(), OUT_OF_RECOVERY.toSeconds(), target.logFile()),
          ev.toString());
    }
  }

  private boolean outOfRecovery(PgConfig c, Transport t) throws DriverException {
    try {
      return "false"
          .equals(sql.query(c, t, "select pg_is_in_recovery()::text as r").get(0).get("r"));
    } catch (SQLException e) {
      return false;
    }
  }
}
