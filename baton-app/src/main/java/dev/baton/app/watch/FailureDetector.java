package dev.baton.app.watch;

import java.time.Duration;

/**
 * Decides from a series of is-alive results when the active is down: only once every check has
 * failed for the whole timeout, counted from the first failed check. One passing check clears the
 * suspicion. It keeps no clock of its own; the caller passes the time of each result.
 */
public final class FailureDetector {

  /** What one result means, as a sentence. */
  public sealed interface Verdict {
    String sentence();
  }

  /** The active passed every check. */
  public record Alive() implements Verdict {
    @Override
    public String sentence() {
      return "alive";
    }
  }

  /** Checks fail, but not yet for the whole timeout. */
  public record Suspect(long failingNanos, long timeoutNanos, String why) implements Verdict {
    @Override
    public String sentence() {
      return "suspect: checks failing for "
          + millis(failingNanos)
          + " ms of "
          + millis(timeoutNanos)
          + " ms: "
          + why;
    }
  }

  /** Checks failed for the whole timeout: the active is down, declared by this result. */
  public record Declared(long firstFailedNanos, long declaredNanos, String why) implements Verdict {
    public long detectionNanos() {
      return declaredNanos - firstFailedNanos;
    }

    @Override
    public String sentence() {
      return "down: every check failed for " + millis(detectionNanos()) + " ms: " + why;
    }
  }

  /** Still failing after the active was declared down; nothing new to do. */
  public record StillDown(String why) implements Verdict {
    @Override
    public String sentence() {
      return "still down: " + why;
    }
  }

  /** The active passes its checks again after it was declared down. */
  public record Recovered() implements Verdict {
    @Override
    public String sentence() {
      return "recovered: the active passes its checks again";
    }
  }

  private final long timeoutNanos;
  private long firstFailedNanos = -1;
  private boolean down;

  public FailureDetector(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    this.timeoutNanos = timeout.toNanos();
  }

  /** Takes one heartbeat's result ({@code why} is empty when all checks passed) at {@code now}. */
  public Verdict record(boolean alive, String why, long nowNanos) {
    if (alive) {
      boolean wasDown = down;
      down = false;
      firstFailedNanos = -1;
      return wasDown ? new Recovered() : new Alive();
    }
    if (down) {
      return new StillDown(why);
    }
    if (firstFailedNanos < 0) {
      firstFailedNanos = nowNanos;
    }
    long failing = nowNanos - firstFailedNanos;
    if (failing >= timeoutNanos) {
      down = true;
      return new Declared(firstFailedNanos, nowNanos, why);
    }
    return new Suspect(failing, timeoutNanos, why);
  }

  static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
