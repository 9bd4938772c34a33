package dev.baton.testkit.workload;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A doubling delay between reconnects, kept short because the measured gap includes it: a slow
 * reconnect would make a fast switchover look slow.
 */
final class Backoff {

  private final long minNanos;
  private final long maxNanos;
  private long currentNanos;

  Backoff(Duration min, Duration max) {
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** The next delay: the minimum after a reset, then doubling up to the maximum. */
  long nextNanos() {
    currentNanos = currentNanos == 0 ? minNanos : Math.min(currentNanos * 2, maxNanos);
    return currentNanos;
  }

  /** Waits the next delay unless told to stop; returns whether to keep going. */
  boolean await(BooleanSupplier keepGoing) {
    return Pause.until(System.nanoTime() + nextNanos(), keepGoing);
  }

  void reset() {
    currentNanos = 0;
  }
}
