package dev.baton.drivers.postgresql;

import dev.baton.drivers.fence.FenceAgent;
import dev.baton.drivers.fence.Fencing;
import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an unplanned failover does to PostgreSQL servers beyond a promote: fence the failed primary
 * on disk, let the new primary commit alone, check it accepts writes, and count what the failed one
 * committed that the new one never received.
 */
final class PgFailover {

  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final PgSql sql;
  private final PgObserver observer;

  PgFailover(PgSql sql, PgObserver observer) {
    this.sql = sql;
    this.observer = observer;
  }

  /**
   * Fences a failed primary with the first of its fence methods that proves it: {@code database}
   * ({@link #fenceOffline}, which needs its node to answer), then {@code agent} (the fence agent's
   * {@code off}, confirmed by its {@code status} answering "off"). What every method tried did goes
   * into the evidence. When none proves the fence, the failover must not promote: this throws.
   */
  ActionResult fence(PgConfig c, Transport t, PgConfig primary, Fencing f) throws DriverException {
    List<String> tried = new ArrayList<>();
    StringBuilder evidence = new StringBuilder();
    for (Fencing.Method m : f.methods()) {
      if (m == Fencing.Method.DATABASE) {
        try {
          ActionResult r = fenceOffline(c, t, primary);
          return new ActionResult(
              r.summary() + " (fence method: database)",
              join(evidence, "fence method database:\n" + r.evidence()));
        } catch (DriverException e) {
          tried.add("database: " + e.getMessage());
          evidence.append("fence method database failed: ").append(e.getMessage()).append('\n');
          if (!e.evidence().isBlank()) {
            evidence.append(e.evidence().strip()).append('\n');
          }
        }
      } else {
        FenceAgent agent = f.agent().orElseThrow();
        Optional<String> why = byAgent(agent, evidence);
        if (why.isEmpty()) {
          return new ActionResult(
              c.name()
                  + " fenced by its fence agent "
                  + agent.program()
                  + ": off succeeded and status answers off (fence method: agent)"
                  + (tried.isEmpty() ? "" : "; before it, " + String.join("; ", tried))
                  + ". standby.signal could not be written: keep its PostgreSQL from starting"
                  + " as a primary when the node is on again, and rejoin it as a standby of "
                  + primary.name(),
              evidence.toString().strip());
        }
        tried.add("agent " + agent.program() + ": " + why.get());
      }
    }
    throw new DriverException(
        "no fence method proved "
            + c.name()
            + " stopped, so "
            + primary.name()
            + " is not promoted: "
            + String.join("; ", tried)
            + (f.worksUnreachable()
                ? ""
                : "; to fence a node Baton cannot reach, name a fence agent (fence: database,"
                    + " agent and fenceAgent: its path)"),
        evidence.toString().strip());
  }

  /** Empty when the agent proved the node off; otherwise why not. */
  private Optional<String> byAgent(FenceAgent agent, StringBuilder evidence) {
    try {
      FenceAgent.Outcome off = agent.off(sql::secret);
      evidence.append("fence method agent ").append(agent.program()).append(":\n");
      evidence.append(off.transcript()).append('\n');
      if (!off.ok()) {
        return Optional.of(
            "off "
                + (off.timedOut()
                    ? "timed out after "
                        + agent.timeout().toMillis()
                        + " ms (a timeout is no proof)"
                    : "failed (exit " + off.exitCode() + ")"));
      }
      FenceAgent.Outcome status = agent.status(sql::secret);
      evidence.append(status.transcript()).append('\n');
      if (!status.off()) {
        return Optional.of(
            "off succeeded but status "
                + (status.timedOut()
                    ? "timed out"
                    : "answers exit " + status.exitCode() + ", not 2 (off)"));
      }
      return Optional.empty();
    } catch (FenceAgent.FenceException e) {
      evidence.append(e.getMessage()).append('\n');
      return Optional.of(e.getMessage());
    }
  }

  private static String join(StringBuilder before, String more) {
    return before.length() == 0 ? more : before.toString() + more;
  }

  /**
   * Stops a failed primary if any of it still runs, then writes standby.signal and a
   * primary_conninfo naming {@code primary} into its data directory: whoever restarts it gets a
   * read-only standby, never a second primary.
   */
  ActionResult fenceOffline(PgConfig c, Transport t, PgConfig primary) throws DriverException {
    PgState s = observer.observe(c, t);
    String how = "it was down (" + s.detail() + ")";
    String evidence = "";
    if (s.status() != PgState.Status.STOPPED) {
      sql.drop(c.name());
      evidence = stopNow(c, t);
      how = "stopped it (it still ran: " + s.detail() + ")";
    }
    PgActions.writeAs(c, t, c.dataDir() + "/standby.signal", "", false);
    AutoConf.pointAt(c, t, primary);
    return new ActionResult(
        c.name()
            + " fenced: "
            + how
            + "; it restarts only as a standby of "
            + primary.name()
            + " (standby.signal written)",
        evidence);
  }

  /** An immediate shutdown, then SIGKILL of a postmaster that does not go (a frozen one). */
  private String stopNow(PgConfig c, Transport t) throws DriverException {
    if (frozen(c, t)) {
      // A stopped (SIGSTOP) postmaster acts on no signal but SIGKILL: an immediate shutdown would
      // only wait out its whole timeout first, and the failover with it. Its children go too,
      // first:
      // a frozen backend or WAL sender that thawed later could still acknowledge a commit that was
      // waiting when it froze, after the standby has taken over.
      String pid = pid(c, t);
      CommandResult kill = killTree(c, t, pid);
      if (Poll.until(STOP_WAIT, 10, () -> !running(c, t)) < 0) {
        throw new DriverException(
            "cannot fence " + c.name() + ": its frozen postmaster " + pid + " survives SIGKILL",
            kill.transcript());
      }
      return "its postmaster " + pid + " was frozen (stopped by a signal)\n" + kill.transcript();
    }
    String pg = c.binDir(PgObserver.versionOnDisk(c, t)) + "/pg_ctl";
    CommandResult r =
        t.run(
            new Command(
                List.of(pg, "stop", "-D", c.dataDir(), "-m", "immediate", "-W"),
                c.osUser(),
                STOP_WAIT));
    if (Poll.until(STOP_WAIT, 10, () -> !running(c, t)) >= 0) {
      return r.transcript();
    }
    String pid = pid(c, t);
    CommandResult kill = killTree(c, t, pid);
    if (Poll.until(STOP_WAIT, 10, () -> !running(c, t)) < 0) {
      throw new DriverException(
          "cannot fence " + c.name() + ": its postmaster " + pid + " survives SIGKILL",
          r.transcript() + "\n" + kill.transcript());
    }
    return r.transcript() + "\n" + kill.transcript();
  }

  /** SIGKILL to the postmaster's children, then to the postmaster. */
  private static CommandResult killTree(PgConfig c, Transport t, String pid)
      throws DriverException {
    return t.run(
        new Command(
            List.of("sh", "-c", "pkill -KILL -P \"$1\"; kill -KILL \"$1\"", "sh", pid),
            c.osUser(),
            Duration.ofSeconds(5)));
  }

  /** Whether the postmaster is stopped by a signal (state T in ps), as a frozen host's is. */
  private static boolean frozen(PgConfig c, Transport t) throws DriverException {
    String pid = pid(c, t);
    if (!pid.matches("\\d+")) {
      return false;
    }
    CommandResult r = t.run(Command.of(Duration.ofSeconds(5), "ps", "-o", "stat=", "-p", pid));
    return r.ok() && r.stdout().strip().startsWith("T");
  }

  private static boolean running(PgConfig c, Transport t) throws DriverException {
    return PgObserver.alive(c, t, pid(c, t));
  }

  private static String pid(PgConfig c, Transport t) throws DriverException {
    return t.readFile(c.dataDir() + "/postmaster.pid")
        .flatMap(s -> s.lines().findFirst())
        .orElse("")
        .trim();
  }

  /**
   * Empties synchronous_standby_names: a primary whose synchronous standby is gone would otherwise
   * make every commit wait for it forever.
   */
  ActionResult clearSyncStandbys(PgConfig c, Transport t) throws DriverException {
    String alter = "alter system set synchronous_standby_names = ''";
    try {
      sql.query(c, t, alter);
      sql.query(c, t, "select pg_reload_conf()");
      long ms =
          Poll.until(
              Duration.ofSeconds(10),
              5,
              () -> syncNames(c, t).isEmpty()); // the reload is a signal; wait until it is seen
      if (ms < 0) {
        throw new DriverException(
            c.name() + " still names synchronous standbys 10 s after a reload", alter);
      }
      return new ActionResult(
          c.name() + " commits without waiting for a synchronous standby", alter);
    } catch (SQLException e) {
      throw new DriverException(
          "cannot clear synchronous_standby_names on " + c.name() + ": " + e.getMessage(), alter);
    }
  }

  private String syncNames(PgConfig c, Transport t) throws DriverException {
    try {
      return sql.query(c, t, "show synchronous_standby_names").get(0).values().iterator().next();
    } catch (SQLException e) {
      return "?";
    }
  }

  /** Commits a transaction that takes a transaction id: only a writable primary can. */
  ActionResult writeCheck(PgConfig c, Transport t) throws DriverException {
    String q = "select txid_current()::text as xid";
    try {
      String xid = sql.query(c, t, q).get(0).get("xid");
      return new ActionResult(c.name() + " accepts writes (committed transaction " + xid + ")", q);
    } catch (SQLException e) {
      throw new DriverException(c.name() + " does not accept writes: " + e.getMessage(), q);
    }
  }

  /**
   * Counts the COMMIT records in the failed primary's WAL from the point where the new primary's
   * timeline begins: the transactions it committed that the new primary never received. A failed
   * server whose WAL cannot be read gives a sentence saying the count is unknown, not a failure:
   * the failover itself is done.
   */
  ActionResult countUnreplicated(PgConfig c, Transport t, PgConfig primary, Transport pt)
      throws DriverException {
    Optional<String[]> fork;
    try {
      fork = forkPoint(primary, pt);
    } catch (SQLException e) {
      return unknown(
          c, primary, "cannot read " + primary.name() + "'s timeline: " + e.getMessage());
    }
    if (fork.isEmpty()) {
      return unknown(c, primary, primary.name() + " has no timeline history file");
    }
    String parentTimeline = fork.get()[0];
    String lsn = fork.get()[1];
    CommandResult r;
    try {
      r = waldump(c, t, parentTimeline, lsn);
    } catch (DriverException e) {
      return unknown(c, primary, "its node cannot be reached (" + e.getMessage() + ")");
    }
    String out = r.stdout().strip();
    if (!out.matches("\\d+")) {
      return unknown(c, primary, "pg_waldump on " + c.name() + " printed no count");
    }
    int n = Integer.parseInt(out);
    return new ActionResult(
            c.name()
                + " committed "
                + n
                + (n == 1 ? " transaction" : " transactions")
                + " after "
                + lsn
                + " that "
                + primary.name()
                + " never received ("
                + primary.name()
                + "'s timeline begins there)",
            r.transcript())
        .with(ResultKey.UNREPLICATED_TRANSACTIONS, (long) n);
  }

  private static CommandResult waldump(PgConfig c, Transport t, String parentTimeline, String lsn)
      throws DriverException {
    return t.run(
        new Command(
            List.of(
                "sh",
                "-c",
                "\"$1\" -p \"$2\" -s \"$3\" -t \"$4\" -r Transaction 2>/dev/null"
                    + " | grep -c ' desc: COMMIT'; true",
                "sh",
                c.tool("pg_waldump"),
                c.dataDir() + "/pg_wal",
                lsn,
                parentTimeline),
            c.osUser(),
            Duration.ofSeconds(60)));
  }

  private static ActionResult unknown(PgConfig c, PgConfig primary, String why) {
    return new ActionResult(
        "the number of transactions "
            + c.name()
            + " committed that "
            + primary.name()
            + " never received is unknown: "
            + why,
        "");
  }

  /**
   * The parent timeline and the LSN where the new primary's current timeline branched off, from the
   * last line of its timeline history file.
   */
  private Optional<String[]> forkPoint(PgConfig p, Transport pt)
      throws SQLException, DriverException {
    List<Map<String, String>> rows =
        sql.query(p, pt, "select pg_walfile_name(pg_current_wal_lsn()) as f");
    String timeline = rows.get(0).get("f").substring(0, 8);
    Optional<String> history = pt.readFile(p.dataDir() + "/pg_wal/" + timeline + ".history");
    return history.flatMap(
        h ->
            h.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .reduce((a, b) -> b)
                .map(l -> l.split("\\s+"))
                .filter(parts -> parts.length >= 2)
                .map(
                    parts ->
                        new String[] {Integer.toString(Integer.parseInt(parts[0])), parts[1]}));
  }
}
