package dev.baton.drivers.postgresql;

import dev.baton.engine.DriverException;
import java.time.Duration;

/** A bounded poll of a condition: the elapsed milliseconds when it held, or -1 at the deadline. */
final class Poll {
  private Poll() {}

  interface Check {
    boolean holds() throws DriverException;
  }

  static long until(Duration limit, long everyMillis, Check check) throws DriverException {
    long t0 = System.nanoTime();
    long deadline = t0 + limit.toNanos();
    while (true) {
      if (check.holds()) {
        return (System.nanoTime() - t0) / 1_000_000;
      }
      if (System.nanoTime() > deadline) {
        return -1;
      }
      try {
        Thread.sleep(everyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException("interrupted while waiting", "");
      }
    }
  }
}
