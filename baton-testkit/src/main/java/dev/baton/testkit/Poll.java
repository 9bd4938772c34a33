package dev.baton.testkit;

import java.time.Duration;

/** Bounded waiting: checks a condition every 20 ms until it holds or the time is up. */
public final class Poll {

  /** How often a condition is checked; short, because tests measure gaps of ~200 ms. */
  public static final Duration INTERVAL = Duration.ofMillis(20);

  private Poll() {}

  /** A condition that may fail while the thing it watches is still coming up. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * Returns once {@code condition} holds; throws, naming {@code what} and the last error seen, if
   * it does not hold within {@code timeout}.
   */
  public static void until(Duration timeout, String what, Condition condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
        last = null;
      } catch (Exception e) {
        // A server that is starting or stopping refuses connections; keep waiting.
        last = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        String cause = last == null ? "" : "; last error: " + last.getMessage();
        throw new IllegalStateException(
            "timed out after " + timeout.toMillis() + " ms waiting for " + what + cause, last);
      }
      sleep(INTERVAL);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
