package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.model.Version;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the state of one server: over SQL when it answers, from its control file when not. */
final class PgObserver {

  private static final String STATE_SQL =
      "select pg_is_in_recovery() as recovery, current_setting('server_version') as version,"
          + " case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end as lsn,"
          + " case when pg_is_in_recovery() then pg_is_wal_replay_paused() else false end as paused,"
          + " (select status from pg_stat_wal_receiver) as receiver,"
          + " (select timeline_id from pg_control_checkpoint())::text as timeline";
  // Asked of every server in the same round trip as STATE_SQL: a cascading standby has rows here
  // too, and pg_current_wal_lsn() fails during recovery, so the lag is read only on a primary.
  private static final String REPLICAS_SQL =
      "select application_name, state, sync_state, replay_lsn::text as replay_lsn,"
          + " case when pg_is_in_recovery() then null"
          + " else pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint::text end as lag"
          + " from pg_stat_replication";

  private final PgSql sql;
  private final Shutdowns shutdowns;

  PgObserver(PgSql sql, Shutdowns shutdowns) {
    this.sql = sql;
    this.shutdowns = shutdowns;
  }

  /**
   * How long a node whose transport failed slowly (a connect or channel that timed out, not a
   * refusal) is not asked again: each attempt would cost the whole connect timeout, and a failover
   * observes before and after every step. ADR 0036.
   */
  static final Duration QUIET = Duration.ofSeconds(5);

  private static final long SLOW_NANOS = Duration.ofMillis(900).toNanos();

  /** Nodes whose transport failed slowly, with when (System.nanoTime) and why. */
  private final Map<String, Silence> silentNodes = new java.util.concurrent.ConcurrentHashMap<>();

  private record Silence(long atNanos, String why) {}

  /** A server's state, and the rows of more statements asked in the same round trip. */
  record Reading(PgState state, List<List<Map<String, String>>> more) {}

  PgState observe(PgConfig c, Transport t) throws DriverException {
    return read(c, t, List.of()).state();
  }

  /**
   * The server's state and the rows of each of {@code more}, all in one round trip to it; {@code
   * more} has no rows when the server does not answer.
   */
  Reading read(PgConfig c, Transport t, List<String> more) throws DriverException {
    Silence quiet = silentNodes.get(c.node());
    long now = System.nanoTime();
    if (quiet != null && now - quiet.atNanos() < QUIET.toNanos()) {
      throw new DriverException(
          quiet.why()
              + " ("
              + (now - quiet.atNanos()) / 1_000_000
              + " ms ago; not asked again yet)",
          "");
    }
    try {
      Reading r = answered(c, t, more);
      silentNodes.remove(c.node());
      return r;
    } catch (DriverException e) {
      if (System.nanoTime() - now >= SLOW_NANOS) {
        silentNodes.put(c.node(), new Silence(System.nanoTime(), e.getMessage()));
      }
      throw e;
    }
  }

  private Reading answered(PgConfig c, Transport t, List<String> more) throws DriverException {
    List<String> statements = new java.util.ArrayList<>(List.of(STATE_SQL, REPLICAS_SQL));
    statements.addAll(more);
    try {
      List<List<Map<String, String>>> results = sql.probeAll(c, t, statements);
      Map<String, String> row = results.get(0).get(0);
      boolean recovery = "t".equals(row.get("recovery"));
      List<Map<String, String>> replicas = recovery ? List.of() : results.get(1);
      return new Reading(state(c, row, recovery, replicas), results.subList(2, results.size()));
    } catch (SQLException e) {
      sql.drop(c.name());
      Optional<Shutdowns.Shutdown> own = shutdowns.recent(c.name());
      if (own.isPresent() && noServerAnswered(e)) {
        return new Reading(own.get().state(), List.of());
      }
      return new Reading(notAnswering(c, t, e), List.of());
    }
  }

  private static PgState state(
      PgConfig c, Map<String, String> row, boolean recovery, List<Map<String, String>> replicas) {
    return new PgState(
        c.name(),
        PgState.Status.RUNNING,
        recovery,
        version(row.get("version")),
        Lsn.parse(row.get("lsn")),
        "t".equals(row.get("paused")),
        row.get("receiver"),
        row.get("timeline"),
        -1,
        false,
        replicas,
        "");
  }

  /**
   * Whether the connection failed because nothing accepted it (08001: refused, or a forwarded port
   * whose far end refused), not because a server answered badly or too slowly.
   */
  private static boolean noServerAnswered(SQLException e) {
    return "08001".equals(e.getSQLState()) || "08006".equals(e.getSQLState());
  }

  /**
   * One remote command tells whether the postmaster of the pid file still runs (a zombie does not),
   * and on which port (the pid file's fourth line), and when it does not, prints the control file:
   * over SSH every command costs a round trip.
   */
  private static final String PROBE =
      "pid=$(head -n 1 \"$1/postmaster.pid\" 2>/dev/null); "
          + "if [ -n \"$pid\" ] && ps -o stat= -p \"$pid\" 2>/dev/null | grep -qv '^Z'; "
          + "then echo BATON-RUNNING $(sed -n 4p \"$1/postmaster.pid\"); "
          + "else echo BATON-STOPPED; \"$2\" -D \"$1\"; fi";

  private PgState notAnswering(PgConfig c, Transport t, SQLException e) throws DriverException {
    String at = "no answer at " + c.host() + ":" + c.port() + ": " + cause(e);
    CommandResult r =
        t.run(
            new Command(
                List.of("sh", "-c", PROBE, "sh", c.dataDir(), c.tool("pg_controldata")),
                c.osUser(),
                Duration.ofSeconds(15)));
    String out = r.stdout();
    if (out.startsWith("BATON-RUNNING")) {
      String port = out.lines().findFirst().orElse("").replace("BATON-RUNNING", "").strip();
      String detail =
          port.isEmpty() || port.equals(Integer.toString(c.port()))
              ? "runs but gives " + at
              : at + "; the postmaster of " + c.dataDir() + " listens on port " + port;
      return unanswered(c, versionOnDisk(c, t), PgState.Status.UNRESPONSIVE, detail);
    }
    if (!out.startsWith("BATON-STOPPED") || !r.ok()) {
      String err = (r.stderr().isBlank() ? out : r.stderr()).strip();
      String why = err.lines().reduce((a, b) -> b).orElse("exit " + r.exitCode());
      return unanswered(
          c,
          c.declaredVersion(),
          PgState.Status.UNKNOWN,
          at
              + "; "
              + c.dataDir()
              + " on "
              + c.node()
              + " cannot be read as "
              + c.osUser()
              + ": "
              + why);
    }
    return stopped(c, versionOnDisk(c, t), parseControlData(out));
  }

  private static PgState unanswered(PgConfig c, Version v, PgState.Status status, String detail) {
    return new PgState(
        c.name(), status, false, v, -1, false, null, null, -1, false, List.of(), detail);
  }

  /** The underlying cause of a failed connection in a few words: "Connection refused". */
  static String cause(SQLException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return m.strip().lines().findFirst().orElse("");
  }

  /** A stopped server as its control file describes it. */
  static PgState stopped(PgConfig c, Version v, Map<String, String> control) {
    boolean clean = control.getOrDefault("Database cluster state", "").startsWith("shut down");
    return new PgState(
        c.name(),
        PgState.Status.STOPPED,
        false,
        v,
        -1,
        false,
        null,
        control.get("Latest checkpoint's TimeLineID"),
        Lsn.parse(control.get("Latest checkpoint location")),
        clean,
        List.of(),
        "stopped (" + control.getOrDefault("Database cluster state", "unknown") + ")");
  }

  /**
   * Whether the postmaster of a pid file still runs. A zombie does not: a SIGKILLed postmaster
   * whose parent does not reap it stays a zombie, and it answers kill -0 although it is gone.
   */
  static boolean alive(PgConfig c, Transport t, String pid) throws DriverException {
    if (!pid.matches("\\d+")) {
      return false;
    }
    CommandResult r = t.run(Command.of(Duration.ofSeconds(5), "ps", "-o", "stat=", "-p", pid));
    return r.ok() && !r.stdout().isBlank() && !r.stdout().strip().startsWith("Z");
  }

  /** pg_controldata's "key: value" lines. */
  static Map<String, String> parseControlData(String text) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      int i = line.indexOf(':');
      if (i > 0) {
        out.put(line.substring(0, i).trim(), line.substring(i + 1).trim());
      }
    }
    return out;
  }

  /**
   * The version a stopped server would start with: that of the binaries it last ran, which the
   * postmaster itself records at each start as the first word of postmaster.opts, mapped back to a
   * {@code bin.<version>}; else the declared one ({@link PgConfig#fallbackVersion}).
   */
  static Version versionOnDisk(PgConfig c, Transport t) throws DriverException {
    Optional<String> opts = t.readFile(c.dataDir() + "/" + OPTS);
    Optional<Version> ran = opts.map(PgObserver::binDirOf).flatMap(c::versionIn);
    if (ran.isPresent()) {
      return ran.get();
    }
    return c.fallbackVersion(t.readFile(c.dataDir() + "/PG_VERSION").orElse(null));
  }

  /** The file in which the postmaster records the command line it last started with. */
  static final String OPTS = "postmaster.opts";

  /**
   * The directory of the postgres binary in postmaster.opts: its first line is that binary's full
   * path, then each argument in double quotes ({@code /usr/lib/postgresql/15/bin/postgres "-D"
   * "/srv/pg"}), so the path ends where the first quoted argument begins.
   */
  static String binDirOf(String opts) {
    String line = opts.lines().findFirst().orElse("");
    int args = line.indexOf(" \"");
    String program = (args < 0 ? line : line.substring(0, args)).strip();
    int slash = program.lastIndexOf('/');
    return slash <= 0 ? "" : program.substring(0, slash);
  }

  static Version version(String serverVersion) {
    String v = serverVersion.trim().split("\\s+")[0];
    return Version.parse(v.replaceAll("[^0-9.].*$", ""));
  }
}
