package dev.baton.app;

import dev.baton.app.bench.PgScenario;
import java.time.Duration;

/** Bounded waits for the reliability tests: conditions, never blind sleeps. */
final class Awaits {
  private Awaits() {}

  /** Until the workload has acknowledged {@code n} writes in all, at most 60 s. */
  static void acks(PgScenario s, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (s.history().oks().size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the workload acknowledged only "
                + s.history().oks().size()
                + " of "
                + n
                + " writes within 60 s");
      }
      Thread.sleep(10);
    }
  }
}
