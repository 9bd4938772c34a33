package dev.baton.app.watch;

import java.time.Instant;

/** The watcher's time: a monotonic clock, the wall time for reports, and a wakeable sleep. */
public interface Ticker {

  long nanos();

  Instant now();

  /** Sleeps until {@code deadlineNanos} or until {@link #wake()}; a woken ticker stays awake. */
  void sleepUntil(long deadlineNanos);

  void wake();

  /** The real clock. */
  static Ticker system() {
    return new Ticker() {
      private final Object lock = new Object();
      private boolean woken;

      @Override
      public long nanos() {
        return System.nanoTime();
      }

      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleepUntil(long deadlineNanos) {
        synchronized (lock) {
          long left;
          while (!woken && (left = deadlineNanos - System.nanoTime()) > 0) {
            try {
              lock.wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }

      @Override
      public void wake() {
        synchronized (lock) {
          woken = true;
          lock.notifyAll();
        }
      }
    };
  }
}
