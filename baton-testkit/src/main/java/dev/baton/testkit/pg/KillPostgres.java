package dev.baton.testkit.pg;

import dev.baton.testkit.Poll;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** Faults for tests: SIGKILL or SIGSTOP of a server, and pausing a standby's WAL replay. */
public final class KillPostgres {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private KillPostgres() {}

  /**
   * Sends SIGKILL to the postmaster named in postmaster.pid and waits until it and its children
   * (which exit on their own once they notice) have died.
   */
  public static void kill9(LocalPgCluster c) {
    long pid =
        c.postmasterPid()
            .orElseThrow(() -> new IllegalStateException(c.name() + " has no postmaster.pid"));
    // Noted before the kill: once the postmaster dies its children are re-parented.
    List<Long> children =
        ProcessHandle.of(pid).stream()
            .flatMap(ProcessHandle::children)
            .map(ProcessHandle::pid)
            .toList();
    PgProcess.run(WAIT, List.of("kill", "-KILL", Long.toString(pid)));
    Poll.until(
        WAIT,
        "postmaster " + pid + " of " + c.name() + " and its children to die",
        () -> !PgProcess.isAlive(pid) && children.stream().noneMatch(PgProcess::isAlive));
  }

  /**
   * Freezes a server without killing it (matrix row 6): SIGSTOP to the postmaster and every process
   * it runs, so it neither answers nor notices anything until {@link #thaw(LocalPgCluster)}.
   * Returns the frozen pids.
   */
  public static List<Long> freeze(LocalPgCluster c) {
    List<Long> pids = serverProcesses(c);
    signal("-STOP", pids);
    return pids;
  }

  /** Lets a frozen server run again: SIGCONT to the same processes. */
  public static void thaw(List<Long> pids) {
    signal("-CONT", pids);
  }

  private static List<Long> serverProcesses(LocalPgCluster c) {
    long pid =
        c.postmasterPid()
            .orElseThrow(() -> new IllegalStateException(c.name() + " has no postmaster.pid"));
    List<Long> all = new java.util.ArrayList<>(List.of(pid));
    ProcessHandle.of(pid).stream()
        .flatMap(ProcessHandle::children)
        .map(ProcessHandle::pid)
        .forEach(all::add);
    return all;
  }

  private static void signal(String sig, List<Long> pids) {
    List<String> argv = new java.util.ArrayList<>(List.of("kill", sig));
    pids.forEach(p -> argv.add(Long.toString(p)));
    // A backend that ended meanwhile is gone, which is fine: the signal is for the live ones.
    PgProcess.tryRun(WAIT, argv);
  }

  /** Stops a standby from replaying WAL; it keeps receiving it, so lag grows. */
  public static void pauseReplay(LocalPgCluster standby) throws SQLException {
    standby.sql("SELECT pg_wal_replay_pause()");
  }

  /** Lets a paused standby replay WAL again. */
  public static void resumeReplay(LocalPgCluster standby) throws SQLException {
    standby.sql("SELECT pg_wal_replay_resume()");
  }
}
