package dev.baton.drivers.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands run on nodes and the time they took: in all, and on the current thread, so
 * that an action can say how much of it was spent in commands while other threads run theirs.
 */
public final class CommandClock {

  /** Commands run and the milliseconds they took. */
  public record Reading(long commands, long millis) {
    public Reading minus(Reading earlier) {
      return new Reading(commands - earlier.commands, millis - earlier.millis);
    }
  }

  private final LongAdder commands = new LongAdder();
  private final LongAdder nanos = new LongAdder();
  private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(() -> new long[2]);

  void add(long tookNanos) {
    commands.increment();
    nanos.add(tookNanos);
    long[] m = mine.get();
    m[0]++;
    m[1] += tookNanos;
  }

  /** Everything counted so far, on every thread. */
  public Reading total() {
    return new Reading(commands.sum(), nanos.sum() / 1_000_000);
  }

  /** What the current thread has counted so far. */
  public Reading thisThread() {
    long[] m = mine.get();
    return new Reading(m[0], m[1] / 1_000_000);
  }
}
