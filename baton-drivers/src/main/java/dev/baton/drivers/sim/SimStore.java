package dev.baton.drivers.sim;

import java.util.Optional;

/**
 * The simulator's state as every process sees it: the state file, complete as of its generation,
 * and the change log beside it. One process keeps the state in memory between calls and checks that
 * neither file changed before trusting it (the file's stamp, the log's size), so that a call reads
 * and writes what one action touches rather than the whole system (ADR 0025). Every method runs
 * under the state file's lock, which serialises processes and threads.
 *
 * <p>A small system's file is rewritten on every action, as before, so that it stays complete for
 * anyone reading it; a large one's only once its log has grown as large as the file itself, which
 * keeps the cost of the rewrite, shared among the actions since the last one, constant per action.
 */
final class SimStore {

  /** How much a store read from disk: whole states, and logged changes on top of them. */
  record Reads(long states, long changes) {}

  /** Below this size the state file is rewritten on every action. */
  static final long WHOLE_FILE_BELOW = 64 * 1024;

  private final SimStateFile file;
  private final SimChangeLog log;
  private final long wholeFileBelow;

  // The state as of the stamp and log offset below; null until read, and after a failed action.
  private SimState cached;
  private SimStateFile.Stamp stamp;
  private long logEnd;
  private boolean logUntidy;
  // Counts of what was read from disk, for tests that pin how much a call reads.
  private long fullReads;
  private long changesRead;

  SimStore(SimStateFile file, long wholeFileBelow) {
    this.file = file;
    this.log = new SimChangeLog(file.path());
    this.wholeFileBelow = wholeFileBelow;
  }

  SimStateFile file() {
    return file;
  }

  /** The current state, read again only as far as another process changed it; empty if none. */
  Optional<SimState> current() {
    Optional<SimStateFile.Stamp> now = file.stamp();
    if (now.isEmpty()) {
      forget();
      return Optional.empty();
    }
    long logSize = log.size();
    if (cached == null || !now.get().equals(stamp) || logSize < logEnd) {
      reload(now.get());
    } else if (logSize > logEnd) {
      replay(cached, logEnd);
    }
    return Optional.of(cached);
  }

  /**
   * Stores an action's change to the current state, which the action changed in memory: appended to
   * the log, or the whole file rewritten when it is small, when the log has grown as large as the
   * file, or when the log holds lines a crash left behind.
   */
  void commit(SimState state, SimChange change) {
    boolean rewrite =
        state != cached || logUntidy || stamp.size() < wholeFileBelow || logEnd >= stamp.size();
    if (rewrite) {
      rewrite(state);
      return;
    }
    change.generation = state.generation;
    logEnd = log.append(change, file);
  }

  /** Writes the whole state as a new generation and empties the log. */
  void rewrite(SimState state) {
    state.generation++;
    file.write(state);
    log.clear();
    cached = state;
    stamp = file.stamp().orElseThrow();
    logEnd = 0;
    logUntidy = false;
  }

  /** Drops the state in memory: the next call reads it from disk. */
  void forget() {
    cached = null;
    stamp = null;
    logEnd = 0;
    logUntidy = false;
  }

  /** A copy of the state on disk, for callers that may change it without storing it. */
  Optional<SimState> snapshot() {
    return file.read()
        .map(
            s -> {
              replay(s, 0, false);
              return s;
            });
  }

  Reads reads() {
    return new Reads(fullReads, changesRead);
  }

  private void reload(SimStateFile.Stamp now) {
    cached = file.read().orElseThrow();
    stamp = now;
    logEnd = 0;
    logUntidy = false;
    fullReads++;
    replay(cached, 0);
  }

  private void replay(SimState state, long from) {
    replay(state, from, true);
  }

  private void replay(SimState state, long from, boolean track) {
    SimChangeLog.Replay r = log.readFrom(from, state.generation);
    r.changes().forEach(c -> c.applyTo(state));
    if (track) {
      changesRead += r.changes().size();
      logEnd = r.end();
      logUntidy |= r.untidy();
    }
  }
}
