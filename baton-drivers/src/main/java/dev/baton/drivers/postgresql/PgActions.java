package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.Version;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The things Baton does to one PostgreSQL server. Each converges on its goal, so repeating one
 * whose goal does not hold yet is harmless; the engine still checks the goal first.
 */
final class PgActions {

  private static final Duration SHORT = Duration.ofSeconds(15);
  private static final Duration LONG = Duration.ofMinutes(10);

  private final PgSql sql;
  private final PgObserver observer;
  private final Shutdowns shutdowns;
  private final java.util.function.Function<PgConfig, Transport> transportOf;

  PgActions(
      PgSql sql,
      PgObserver observer,
      Shutdowns shutdowns,
      java.util.function.Function<PgConfig, Transport> transportOf) {
    this.sql = sql;
    this.observer = observer;
    this.shutdowns = shutdowns;
    this.transportOf = transportOf;
  }

  /**
   * A fast shutdown in one remote command: the binaries the data directory last ran with (the
   * postgres program named in postmaster.opts, else the declared ones), whether the pid file's
   * postmaster still runs (a zombie or a pid file left by a crash does not: /proc where there is
   * one, else ps), SIGINT to it (what {@code pg_ctl stop -m fast} sends, without starting pg_ctl),
   * a wait until it has exited (polled every 5 ms: pg_ctl's own wait polls every 100 ms), then the
   * control file, which the observations until the promote read from memory instead of asking the
   * node again. A server that was not running says so and is not signalled.
   */
  private static final String FAST_STOP =
      "d=\"$1\"; bin=\"$2\"; p=; pid=; st=; "
          // Shell builtins up to the signal: each process started here would delay it.
          + "{ read -r p < \"$d/postmaster.opts\"; } 2>/dev/null; "
          + "if [ -n \"$p\" ]; then p=${p%% \\\"*}; [ -x \"${p%/*}/pg_ctl\" ] && bin=\"${p%/*}\"; fi; "
          + "echo \"BATON-BIN $bin\"; "
          + "{ read -r pid < \"$d/postmaster.pid\"; } 2>/dev/null; "
          + "if [ -n \"$pid\" ]; then if [ -d /proc/self ]; then "
          + "{ read -r _ _ st _ < \"/proc/$pid/stat\"; } 2>/dev/null; "
          + "else for w in $(ps -o stat= -p \"$pid\" 2>/dev/null); do st=$w; done; fi; fi; "
          + "if [ -n \"$st\" ] && [ \"${st#Z}\" = \"$st\" ]; then "
          + "kill -INT \"$pid\" || exit $?; "
          + "n=0; while [ -f \"$d/postmaster.pid\" ] && kill -0 \"$pid\" 2>/dev/null; do "
          + "n=$((n+1)); "
          + "if [ $n -gt 12000 ]; then echo 'still running 60 s after a fast shutdown' >&2; "
          + "exit 124; fi; sleep 0.005; done; "
          + "else echo BATON-WAS-STOPPED; fi; "
          + "echo BATON-STOPPED; exec \"$3\" -D \"$d\"";

  /**
   * Fast shutdown: sessions are ended, the shutdown checkpoint is written and streamed. One remote
   * command, not an observation first: inside a pooler's hold every round trip is held time.
   */
  ActionResult stop(PgConfig c, Transport t) throws DriverException {
    sql.drop(c.name());
    CommandResult r =
        run(
            t,
            c,
            "sh",
            "-c",
            FAST_STOP,
            "sh",
            c.dataDir(),
            c.binDir(c.declaredVersion()),
            c.tool("pg_controldata"));
    String out = r.stdout();
    String ran = out.lines().findFirst().orElse("").replace("BATON-BIN", "").strip();
    Version v =
        c.versionIn(ran)
            .orElse(c.fallbackVersion(t.readFile(c.dataDir() + "/PG_VERSION").orElse(null)));
    int at = out.indexOf("BATON-STOPPED");
    java.util.Map<String, String> control =
        PgObserver.parseControlData(at < 0 ? "" : out.substring(at));
    PgState stopped = PgObserver.stopped(c, v, control);
    if (stopped.cleanShutdown()) {
      shutdowns.remember(stopped, control);
    }
    String said =
        out.contains("BATON-WAS-STOPPED")
            ? c.name() + " was already stopped"
            : c.name() + " stopped (fast shutdown, " + r.took().toMillis() + " ms)";
    return new ActionResult(said, stopEvidence(r, control));
  }

  /** The shutdown's command, pg_ctl's words, and the control file lines a promote relies on. */
  private static String stopEvidence(CommandResult r, java.util.Map<String, String> control) {
    StringBuilder b = new StringBuilder("$ ").append(r.command().display()).append('\n');
    if (!r.stderr().isBlank()) {
      b.append(r.stderr().strip()).append('\n');
    }
    for (String key :
        List.of(
            "Database cluster state",
            "Latest checkpoint location",
            "Latest checkpoint's TimeLineID")) {
      b.append(key).append(": ").append(control.getOrDefault(key, "?")).append('\n');
    }
    return b.append("(exit ")
        .append(r.exitCode())
        .append(", ")
        .append(r.took().toMillis())
        .append(" ms)")
        .toString();
  }

  /** Starts with the binaries of {@code version}; refuses to start a second primary. */
  ActionResult start(PgConfig c, Transport t, Version version, List<PgState> peers)
      throws DriverException {
    shutdowns.forget(c.name());
    PgState s = observer.observe(c, t);
    if (s.status() == PgState.Status.UNKNOWN) {
      throw new DriverException("cannot start " + c.name() + ": " + s.detail(), "");
    }
    if (s.status() != PgState.Status.STOPPED) {
      return new ActionResult(c.name() + " was already running", s.detail());
    }
    boolean standby = t.readFile(c.dataDir() + "/standby.signal").isPresent();
    for (PgState p : peers) {
      if (!standby && p.isPrimary()) {
        throw new DriverException(
            "starting "
                + c.name()
                + " would make a second primary beside "
                + p.name()
                + "; rejoin it as a standby instead",
            "");
      }
    }
    String bin = c.binDir(version);
    clearStaleLocks(c, t);
    CommandResult r = pgCtlStart(c, t, bin);
    return new ActionResult(
        c.name() + " started with " + version + " binaries" + (standby ? " as a standby" : ""),
        r.transcript());
  }

  /**
   * Removes the pid and socket lock files of a postmaster that no longer runs. PostgreSQL clears
   * them itself unless the dead owner is a zombie, which still answers its liveness check.
   */
  private static void clearStaleLocks(PgConfig c, Transport t) throws DriverException {
    String pidFile = c.dataDir() + "/postmaster.pid";
    var content = t.readFile(pidFile);
    if (content.isEmpty()) {
      return;
    }
    String pid = content.get().lines().findFirst().orElse("").trim();
    if (!PgObserver.alive(c, t, pid)) {
      run(t, c, "rm", "-f", pidFile, c.socketDir() + "/.s.PGSQL." + c.port() + ".lock");
    }
  }

  /**
   * pg_ctl start; on failure the sentence quotes the server log's last line, where the cause is.
   */
  private static CommandResult pgCtlStart(PgConfig c, Transport t, String bin)
      throws DriverException {
    try {
      return run(
          t, c, bin + "/pg_ctl", "start", "-D", c.dataDir(), "-l", c.logFile(), "-w", "-t", "120");
    } catch (dev.baton.engine.OutcomeUnknownException e) {
      throw e;
    } catch (DriverException e) {
      String log = t.readFile(c.logFile()).map(PgActions::lastLines).orElse("");
      String cause =
          log.lines()
              .filter(l -> l.contains("FATAL") || l.contains("PANIC"))
              .reduce((a, b) -> b)
              .orElse(log.lines().reduce((a, b) -> b).orElse(""));
      throw new DriverException(
          e.getMessage() + "; server log: " + cause.strip(), e.evidence() + "\n" + log);
    }
  }

  /** A minor upgrade: restart on the new binaries, keeping the server's role. */
  ActionResult install(PgConfig c, Transport t, Version version, List<PgState> peers)
      throws DriverException {
    c.binDir(version);
    StringBuilder ev = new StringBuilder();
    ev.append(stop(c, t).evidence()).append('\n');
    ActionResult started = start(c, t, version, peers);
    ev.append(started.evidence());
    return new ActionResult(c.name() + " now runs the " + version + " binaries", ev.toString());
  }

  /** Promotes a standby once no other member is a primary; waits until it accepts writes. */
  ActionResult promote(PgConfig c, Transport t, List<PgState> peers) throws DriverException {
    for (PgState p : peers) {
      if (p.isPrimary()
          || p.status() == PgState.Status.UNRESPONSIVE
          || p.status() == PgState.Status.UNKNOWN) {
        throw new DriverException(
            "refusing to promote "
                + c.name()
                + ": "
                + p.name()
                + " is not fenced ("
                + (p.isPrimary() ? "a running primary" : p.detail())
                + ")",
            "");
      }
    }
    try {
      sql.query(c, t, "select pg_promote(false)");
      long ms = Poll.until(Duration.ofSeconds(60), 2, () -> !inRecovery(c, t));
      if (ms < 0) {
        throw new DriverException(c.name() + " was still in recovery 60 s after pg_promote", "");
      }
      return new ActionResult(
          c.name() + " promoted to primary in " + ms + " ms", "select pg_promote(false)");
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state != null && state.startsWith("08")) {
        // The connection broke while pg_promote was sent: it may have reached the server, and a
        // promotion takes a moment. Look again on a new connection before calling it unknown.
        long ms = Poll.until(t.patience(), 20, () -> !inRecovery(c, t));
        if (ms >= 0) {
          return new ActionResult(
              c.name()
                  + " promoted to primary (the connection broke as pg_promote was sent; seen"
                  + " promoted "
                  + ms
                  + " ms later)",
              "select pg_promote(false)\n" + e.getMessage());
        }
        throw new dev.baton.engine.OutcomeUnknownException(
            "lost the connection to "
                + c.name()
                + " while promoting it ("
                + e.getMessage()
                + "); it may have been promoted",
            "select pg_promote(false)");
      }
      throw new DriverException("cannot promote " + c.name() + ": " + e.getMessage(), "");
    }
  }

  private boolean inRecovery(PgConfig c, Transport t) throws DriverException {
    try {
      return "t".equals(sql.query(c, t, "select pg_is_in_recovery() as r").get(0).get("r"));
    } catch (SQLException e) {
      return true;
    }
  }

  /**
   * Makes a stopped (or fenced) former primary a standby of {@code primary}: a clean shutdown first
   * if it crashed, pg_rewind (a no-op when it did not diverge), standby.signal and
   * primary_conninfo, then start and wait until it streams.
   */
  ActionResult rejoin(
      PgConfig c, Transport t, PgConfig primary, Version version, List<PgState> peers)
      throws DriverException {
    StringBuilder ev = new StringBuilder();
    PgState s = observer.observe(c, t);
    if (s.isReplica() && "streaming".equals(s.receiver())) {
      return new ActionResult(c.name() + " already streams as a standby", s.detail());
    }
    ev.append(stop(c, t).evidence()).append('\n');
    PgState stopped = observer.observe(c, t);
    // Only a primary's own clean shutdown ("shut down", not "shut down in recovery") can skip it.
    boolean clean = stopped.cleanShutdown() && stopped.detail().equals("stopped (shut down)");
    if (!stopped.cleanShutdown()) {
      ev.append(recoverAsStandby(c, t, version)).append('\n');
    }
    PgResync.Verdict resync =
        new PgResync(sql).judge(stopped, clean, primary, transportOf.apply(primary));
    ev.append(resync.sentence()).append('\n');
    if (resync.needed()) {
      // pg_rewind reads the source's timeline from its control file, which a fresh promotion
      // updates only at its next checkpoint; without one it rewinds against the old timeline.
      ev.append(
              sqlAction(
                      primary,
                      transportOf.apply(primary),
                      "CHECKPOINT",
                      "checkpoint on " + primary.name())
                  .summary())
          .append('\n');
      ev.append(rewind(c, t, primary)).append('\n');
    }
    writeAs(c, t, c.dataDir() + "/standby.signal", "", false);
    AutoConf.pointAt(c, t, primary);
    ev.append(start(c, t, version, peers).evidence());
    long ms =
        Poll.until(
            Duration.ofSeconds(60),
            10,
            () -> "streaming".equals(observer.observe(c, t).receiver()));
    if (ms < 0) {
      throw new DriverException(
          c.name() + " did not start streaming from " + primary.name() + " within 60 s",
          ev.toString());
    }
    return new ActionResult(
        c.name()
            + " rejoined as a standby of "
            + primary.name()
            + (resync.needed() ? " after a resync (pg_rewind)" : " without a resync"),
        ev.toString());
  }

  private static final String CONFIG_FILES =
      "postgresql.conf pg_hba.conf pg_ident.conf postgresql.auto.conf";

  /**
   * pg_rewind copies the source's configuration files over the target's (which would give the
   * rejoining server its new primary's port) and deletes files the source lacks, so the target's
   * own files are kept outside the data directory and put back afterwards.
   */
  private static String rewind(PgConfig c, Transport t, PgConfig primary) throws DriverException {
    String keep = c.dataDir() + ".baton-keep";
    run(
        t,
        c,
        "sh",
        "-c",
        "rm -rf \"$2\" && mkdir -p \"$2\" && cd \"$1\" && for f in "
            + CONFIG_FILES
            + "; do [ -f $f ] && cp -p $f \"$2\"/; done; true",
        "sh",
        c.dataDir(),
        keep);
    CommandResult r =
        run(t, c, c.tool("pg_rewind"), "-D", c.dataDir(), "--source-server=" + primary.conninfo());
    run(t, c, "sh", "-c", "cp -p \"$2\"/* \"$1\"/ && rm -rf \"$2\"", "sh", c.dataDir(), keep);
    return r.transcript();
  }

  /** A crashed server is started as a standby and stopped, so that it shuts down cleanly. */
  private String recoverAsStandby(PgConfig c, Transport t, Version version) throws DriverException {
    shutdowns.forget(c.name());
    writeAs(c, t, c.dataDir() + "/standby.signal", "", false);
    String bin = c.binDir(version);
    clearStaleLocks(c, t);
    CommandResult up = pgCtlStart(c, t, bin);
    CommandResult down =
        run(t, c, bin + "/pg_ctl", "stop", "-D", c.dataDir(), "-m", "fast", "-w", "-t", "120");
    return up.transcript() + "\n" + down.transcript();
  }

  ActionResult backup(PgConfig c, Transport t, String label, String key) throws DriverException {
    String dir = c.backupDir() + "/" + label;
    run(t, c, "rm", "-rf", dir);
    CommandResult b =
        run(
            t,
            c,
            c.tool("pg_basebackup"),
            "-h",
            c.host(),
            "-p",
            Integer.toString(c.port()),
            "-U",
            c.dbUser(),
            "-D",
            dir,
            "-X",
            "stream",
            "-c",
            "fast");
    CommandResult v = run(t, c, c.tool("pg_verifybackup"), dir);
    writeAs(c, t, dir + "/.verified", key + "\n", false);
    writeAs(c, t, c.backupDir() + "/" + Backups.LATEST, label + "\n", false);
    return new ActionResult(
        c.name() + " backed up to " + dir + " and verified",
        b.transcript() + "\n" + v.transcript());
  }

  ActionResult sqlAction(PgConfig c, Transport t, String statement, String summary)
      throws DriverException {
    try {
      sql.query(c, t, statement);
      return new ActionResult(summary, statement);
    } catch (SQLException e) {
      throw new DriverException(summary + " failed: " + e.getMessage(), statement);
    }
  }

  ActionResult amcheck(PgConfig c, Transport t) throws DriverException {
    CommandResult r =
        run(
            t,
            c,
            c.tool("pg_amcheck"),
            "--install-missing",
            "-h",
            c.host(),
            "-p",
            Integer.toString(c.port()),
            "-U",
            c.dbUser(),
            "-d",
            c.database());
    return new ActionResult(c.name() + " passed pg_amcheck", r.transcript());
  }

  /** Runs as the server's OS user and fails with the transcript on a non-zero exit. */
  static CommandResult run(Transport t, PgConfig c, String... argv) throws DriverException {
    CommandResult r = t.run(new Command(List.of(argv), c.osUser(), LONG));
    if (!r.ok()) {
      throw new DriverException(
          new Command(List.of(argv), c.osUser(), SHORT).display()
              + " failed with exit "
              + r.exitCode()
              + ": "
              + firstLine(r.stderr().isBlank() ? r.stdout() : r.stderr()),
          r.transcript());
    }
    return r;
  }

  private static String lastLines(String s) {
    List<String> lines = s.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static String firstLine(String s) {
    return s.strip().lines().findFirst().orElse("");
  }

  /**
   * Writes (or appends) a file as the server's OS user; the content is passed as an argument, never
   * parsed by a shell.
   */
  static void writeAs(PgConfig c, Transport t, String path, String content, boolean append)
      throws DriverException {
    run(
        t,
        c,
        "sh",
        "-c",
        "printf '%s' \"$1\" " + (append ? ">>" : ">") + " \"$2\"",
        "sh",
        content,
        path);
  }
}
