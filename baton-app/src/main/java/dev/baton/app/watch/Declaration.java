package dev.baton.app.watch;

import java.time.Instant;

/**
 * The active was declared down: when its checks began to fail, when the timeout ran out, why, and
 * what the watcher last saw of the link while the active was alive.
 */
public record Declaration(
    WatchTarget target,
    Instant firstFailedAt,
    Instant declaredAt,
    long detectionMs,
    long declaredNanos,
    String why,
    LastSeen lastSeen) {

  /** The detection figure, as the report prints it. */
  public String detectionSentence() {
    return "detection: "
        + detectionMs
        + " ms (first failed check "
        + Times.clock(firstFailedAt)
        + ", declared down "
        + Times.clock(declaredAt)
        + ")";
  }
}
