package dev.baton.testkit.workload;

import java.time.Duration;
import java.util.List;

/**
 * How long writes went unacknowledged during a run, measured between consecutive acknowledgements.
 * Durations are milliseconds with microsecond precision.
 *
 * @param longestGapMs the longest time between two consecutive acknowledgements (by end time)
 * @param longestGapAtMicros the epoch micros at which that gap began, or -1 if there was none
 * @param gapsOverThreshold how many gaps were longer than the threshold
 * @param totalOverThresholdMs the sum of those gaps: the total time with no acknowledged write
 * @param tailMs the time from the last acknowledgement to the end of the last op, so that a run
 *     that never recovered cannot look available
 */
public record Unavailability(
    double longestGapMs,
    long longestGapAtMicros,
    int gapsOverThreshold,
    double totalOverThresholdMs,
    double thresholdMs,
    double tailMs,
    long oks,
    long failed,
    long unknown) {

  public static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(50);

  public static Unavailability of(History history) {
    return of(history, DEFAULT_THRESHOLD);
  }

  public static Unavailability of(History history, Duration threshold) {
    List<Op> ops = history.ops();
    List<Op> oks = ops.stream().filter(Op::acknowledged).sorted(Unavailability::byEnd).toList();
    long thresholdMicros = threshold.toNanos() / 1_000;
    long longest = 0;
    long longestAt = -1;
    long total = 0;
    int over = 0;
    for (int i = 1; i < oks.size(); i++) {
      long gap = micros(oks.get(i).endNanos() - oks.get(i - 1).endNanos());
      if (gap > longest) {
        longest = gap;
        longestAt = oks.get(i - 1).endMicros();
      }
      if (gap > thresholdMicros) {
        over++;
        total += gap;
      }
    }
    return new Unavailability(
        ms(longest),
        longestAt,
        over,
        ms(total),
        ms(thresholdMicros),
        ms(tailMicros(ops, oks)),
        oks.size(),
        count(ops, Outcome.FAILED),
        count(ops, Outcome.UNKNOWN));
  }

  /** Whether writes were acknowledged and the run did not end in an outage. */
  public boolean ok() {
    return oks > 0 && tailMs <= thresholdMs;
  }

  /** Whether no gap, including the tail, was longer than {@code limit}. */
  public boolean within(Duration limit) {
    double limitMs = limit.toNanos() / 1e6;
    return ok() && longestGapMs <= limitMs && tailMs <= limitMs;
  }

  public String summary() {
    String longest =
        longestGapAtMicros < 0
            ? "no gap between acknowledgements"
            : "longest gap " + Text.ms(longestGapMs) + " at " + Op.isoMicros(longestGapAtMicros);
    String tail = tailMs > thresholdMs ? ", then none in the last " + Text.ms(tailMs) : "";
    return longest
        + "; "
        + Text.count(gapsOverThreshold, "gap")
        + " over "
        + Text.ms(thresholdMs)
        + " totalling "
        + Text.ms(totalOverThresholdMs)
        + " without an acknowledged write"
        + tail
        + " ("
        + oks
        + " ok, "
        + failed
        + " failed, "
        + unknown
        + " unknown)";
  }

  private static long tailMicros(List<Op> ops, List<Op> oks) {
    long lastEnd = ops.stream().mapToLong(Op::endNanos).max().orElse(0);
    long from =
        oks.isEmpty()
            ? ops.stream().mapToLong(Op::startNanos).min().orElse(0)
            : oks.get(oks.size() - 1).endNanos();
    return micros(Math.max(0, lastEnd - from));
  }

  private static int byEnd(Op a, Op b) {
    return Long.compare(a.endNanos(), b.endNanos());
  }

  private static long count(List<Op> ops, Outcome outcome) {
    return ops.stream().filter(o -> o.outcome() == outcome).count();
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }

  private static double ms(long micros) {
    return micros / 1_000.0;
  }
}
