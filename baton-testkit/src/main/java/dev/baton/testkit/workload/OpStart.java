package dev.baton.testkit.workload;

import java.time.Instant;

/** When an op or a probe began, on the monotonic clock and on the epoch wall clock. */
record OpStart(long nanos, long micros) {

  static OpStart now() {
    Instant wall = Instant.now();
    return new OpStart(
        System.nanoTime(), wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1_000);
  }

  /** The op that began here and ends now. */
  Op end(long id, Outcome outcome, String server, Long timeline, String error) {
    long end = System.nanoTime();
    // Derive the wall-clock end from the monotonic clock, so that a clock step never makes an op
    // appear to end before it started.
    long endMicros = micros + (end - nanos) / 1_000;
    return new Op(id, nanos, end, micros, endMicros, outcome, server, timeline, error);
  }
}
