package dev.baton.testkit.workload;

/** How one insert ended, as far as the client can know. */
public enum Outcome {
  /** The server acknowledged the commit. */
  OK,
  /** The insert certainly did not commit: it was never sent, or the server refused it. */
  FAILED,
  /** The commit may or may not have happened: the connection was lost or timed out in flight. */
  UNKNOWN;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
