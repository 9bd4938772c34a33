package dev.baton.testkit;

import java.time.Duration;
import java.util.Optional;

/**
 * Bounded waiting: checks a condition every 20 ms until it holds or the bound, scaled by {@link
 * Timing}, is up.
 *
 * <p>Pass the nominal bound (e.g. 10 s); Poll scales it itself. An exception from the condition
 * counts as "not yet" (a server that is starting refuses connections) and is reported if time runs
 * out; an {@link Error}, such as a failed assertion inside the condition, ends the wait at once.
 */
public final class Poll {

  /** How often a condition is checked; short, because tests measure gaps of ~200 ms. */
  public static final Duration INTERVAL = Duration.ofMillis(20);

  private static final Every DEFAULT = new Every(INTERVAL);

  private Poll() {}

  /** A condition that may fail while the thing it watches is still coming up. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Looks for a value, e.g. the first new answer and when it came; empty while there is none. */
  @FunctionalInterface
  public interface Probe<T> {
    Optional<T> find() throws Exception;
  }

  /**
   * Returns once {@code condition} holds; throws, naming {@code what}, the scaled bound and the
   * last error seen, if it does not hold within {@code bound} scaled by {@link Timing}.
   */
  public static void until(Duration bound, String what, Condition condition) {
    DEFAULT.until(bound, what, condition);
  }

  /** Returns the first value {@code probe} finds, bounded as {@link #until}. */
  public static <T> T get(Duration bound, String what, Probe<T> probe) {
    return DEFAULT.get(bound, what, probe);
  }

  /**
   * A poll that checks every {@code interval} instead of every 20 ms, where a test measures how
   * soon something happens and the interval would blur the figure; {@link Duration#ZERO} spins.
   */
  public static Every every(Duration interval) {
    return new Every(interval);
  }

  /** A poll with its own interval between two checks. */
  public record Every(Duration interval) {

    public Every {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("a poll interval cannot be negative: " + interval);
      }
    }

    /** As {@link Poll#until}, checking every {@link #interval}. */
    public void until(Duration bound, String what, Condition condition) {
      get(bound, what, () -> condition.holds() ? Optional.of(true) : Optional.empty());
    }

    /** As {@link Poll#get}, checking every {@link #interval}. */
    public <T> T get(Duration bound, String what, Probe<T> probe) {
      Duration scaled = Timing.scaled(bound);
      long deadline = System.nanoTime() + scaled.toNanos();
      Exception last = null;
      while (true) {
        try {
          Optional<T> found = probe.find();
          if (found.isPresent()) {
            return found.get();
          }
          last = null;
        } catch (Exception e) {
          // A server that is starting or stopping refuses connections; keep waiting.
          last = e;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException(timedOut(bound, scaled, what, last), last);
        }
        pause();
      }
    }

    private void pause() {
      if (interval.isZero()) {
        Thread.onSpinWait();
        return;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting", e);
      }
    }
  }

  private static String timedOut(Duration bound, Duration scaled, String what, Exception last) {
    String scaling =
        scaled.equals(bound)
            ? ""
            : " (" + bound.toMillis() + " ms scaled by " + Timing.setting() + ")";
    String cause = last == null ? "" : "; last error: " + last.getMessage();
    return "timed out after "
        + scaled.toMillis()
        + " ms"
        + scaling
        + " waiting for "
        + what
        + cause;
  }
}
