package dev.baton.engine;

/** Where a run stands. */
public enum RunStatus {
  RUNNING,
  /** A guard or invariant refused, a gate waits, or an outcome is unknown: needs a human. */
  HALTED,
  DONE,
  FAILED,
  ABORTED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The CLI's exit code for a run that ended in this status. */
  public int exitCode() {
    return switch (this) {
      case DONE, ABORTED -> 0;
      case FAILED -> 1;
      case HALTED, RUNNING -> 3;
    };
  }
}
