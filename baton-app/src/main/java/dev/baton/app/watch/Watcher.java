package dev.baton.app.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The is-alive loop: every heartbeat it observes the system, runs every check on the active, feeds
 * the result to the {@link FailureDetector}, and lets the {@link OnFailure} mode respond once the
 * active is declared down. It acts only while {@code inControl} says the system's lease is held.
 */
public final class Watcher {

  /** How long and how often to watch; zero {@code forAtMost} or {@code maxFailures} is no limit. */
  public record Settings(Duration heartbeat, Duration forAtMost, int maxFailures) {}

  /** Why the watch ended, as an exit code and a sentence. */
  public record Ended(int exitCode, String sentence) {}

  /** Hears every change of verdict (not every heartbeat) and every declaration's response. */
  public interface Listener {
    void verdict(Instant at, FailureDetector.Verdict v);

    /** The active was just declared down; the mode responds next. */
    default void declared(Declaration d) {}

    Listener NONE = (at, v) -> {};
  }

  private enum State {
    LATENT,
    WATCHING,
    STOPPED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final WatchTarget target;
  private final Beat beat;
  private final FailureDetector detector;
  private final OnFailure mode;
  private final Responders responders;
  private final BooleanSupplier inControl;
  private final Settings settings;
  private final Ticker ticker;
  private final Listener listener;
  private LastSeen lastSeen;
  private Instant firstFailedAt;

  public Watcher(
      WatchTarget target,
      Supplier<Sight> observe,
      List<AliveCheck> checks,
      FailureDetector detector,
      OnFailure mode,
      Responders responders,
      BooleanSupplier inControl,
      Settings settings,
      Ticker ticker,
      Listener listener) {
    this.target = target;
    this.beat = new Beat(observe, checks);
    this.detector = detector;
    this.mode = mode;
    this.responders = responders;
    this.inControl = inControl;
    this.settings = settings;
    this.ticker = ticker;
    this.listener = listener;
    this.lastSeen = LastSeen.never(target.linkKey());
  }

  /** Watches until the time limit, the failure limit, a failover, a lost lease or {@link #stop}. */
  public Ended run() {
    if (!state.compareAndSet(State.LATENT, State.WATCHING)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    long start = ticker.nanos();
    long limit = settings.forAtMost().toNanos();
    int declared = 0;
    Class<?> previous = null;
    while (state.get() == State.WATCHING) {
      if (!inControl.getAsBoolean()) {
        return end(3, "lost the lease on " + target.system() + "; stopped watching");
      }
      long tick = ticker.nanos();
      if (limit > 0 && tick - start >= limit) {
        return end(
            0, "watched " + target.system() + " for " + settings.forAtMost().toMillis() + " ms");
      }
      FailureDetector.Verdict v = heartbeat(tick);
      if (v.getClass() != previous) {
        listener.verdict(ticker.now(), v);
        previous = v.getClass();
      }
      if (v instanceof FailureDetector.Declared d) {
        declared++;
        Declaration declaration = declaration(d);
        listener.declared(declaration);
        OnFailure.Response r = mode.respond(declaration, responders);
        if (!r.keepWatching()) {
          return end(r.exitCode(), "stopped watching after the failover");
        }
        if (settings.maxFailures() > 0 && declared >= settings.maxFailures()) {
          return end(0, "stopped watching after " + declared + " declared failure(s)");
        }
      }
      // The time limit ends the watch on time, even when the next heartbeat is later.
      long next = saturatedSum(tick, settings.heartbeat().toNanos());
      ticker.sleepUntil(limit > 0 ? Math.min(next, saturatedSum(start, limit)) : next);
    }
    return end(0, "stopped watching " + target.system() + " on request");
  }

  private static long saturatedSum(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Ends the watch at the next heartbeat boundary; a failover under way runs to its end. */
  public void stop() {
    state.set(State.STOPPED);
    ticker.wake();
  }

  private FailureDetector.Verdict heartbeat(long tick) {
    // The observation and the checks run at once, bounded by the heartbeat (Beat): one that has
    // not answered counts as failed for this beat. The failure counts from when the heartbeat
    // began, as the detector's clock does.
    Instant began = ticker.now();
    Beat.Result seen = beat.run(settings.heartbeat());
    Sight sight = seen.sight();
    List<String> failures = seen.failures();
    boolean alive = failures.isEmpty();
    Instant now = ticker.now();
    if (alive && sight.facts() != null) {
      lastSeen = LastSeen.of(sight.facts(), target.linkKey(), now);
      firstFailedAt = null;
    } else if (!alive && firstFailedAt == null) {
      firstFailedAt = began;
    }
    return detector.record(alive, String.join("; ", failures), tick);
  }

  private Declaration declaration(FailureDetector.Declared d) {
    Instant declaredAt = ticker.now();
    return new Declaration(
        target,
        firstFailedAt,
        declaredAt,
        java.time.Duration.between(firstFailedAt, declaredAt).toMillis(),
        d.declaredNanos(),
        d.why(),
        lastSeen);
  }

  private Ended end(int code, String sentence) {
    state.set(State.STOPPED);
    beat.close();
    return new Ended(code, sentence);
  }
}
