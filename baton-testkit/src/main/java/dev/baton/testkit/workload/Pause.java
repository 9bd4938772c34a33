package dev.baton.testkit.workload;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a deadline that can be cut short, for pacing and backoff. */
final class Pause {

  private Pause() {}

  /**
   * Parks until {@code deadlineNanos} or until {@code keepGoing} turns false (a stop unparks the
   * waiting thread), and returns {@code keepGoing}.
   */
  static boolean until(long deadlineNanos, BooleanSupplier keepGoing) {
    long left;
    while (keepGoing.getAsBoolean() && (left = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
    return keepGoing.getAsBoolean();
  }
}
