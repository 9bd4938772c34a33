package dev.baton.app.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One heartbeat's observation and checks, run at the same time and bounded by the beat: what has
 * not answered when the beat ends counts as failed for that beat, whatever it waits on (a cut link,
 * a frozen server, dropped packets). It keeps running, and no second copy of it is started, until
 * it answers; the next beat then starts it afresh. So a beat lasts at most its budget, and
 * detection at most the timeout plus one heartbeat.
 */
final class Beat implements AutoCloseable {

  /** What the beat saw: the sight (failed when the driver did not answer) and every failure. */
  record Result(Sight sight, List<String> failures) {}

  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "baton-watch-check");
            t.setDaemon(true);
            return t;
          });
  private final Supplier<Sight> observe;
  private final List<AliveCheck> checks;
  private Future<Sight> sight;
  private final Map<AliveCheck, Future<Optional<String>>> pending = new HashMap<>();

  Beat(Supplier<Sight> observe, List<AliveCheck> checks) {
    this.observe = observe;
    this.checks = List.copyOf(checks);
  }

  Result run(Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    if (sight == null) {
      sight = pool.submit(observe::get);
    }
    for (AliveCheck c : checks) {
      if (!c.needsSight() && !pending.containsKey(c)) {
        pending.put(c, pool.submit(() -> c.failure(null)));
      }
    }
    String late = "no answer within the heartbeat (" + budget.toMillis() + " ms)";
    Sight seen;
    try {
      seen = await(sight, deadline);
      sight = null;
    } catch (TimeoutException e) {
      seen = Sight.failed("the driver gave " + late);
    }
    List<String> failures = new ArrayList<>();
    for (AliveCheck c : checks) {
      if (c.needsSight()) {
        c.failure(seen).ifPresent(failures::add);
        continue;
      }
      try {
        await(pending.get(c), deadline).ifPresent(failures::add);
        pending.remove(c);
      } catch (TimeoutException e) {
        failures.add(c.label() + ": " + late);
      }
    }
    return new Result(seen, failures);
  }

  private static <T> T await(Future<T> f, long deadline) throws TimeoutException {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check failed unexpectedly: " + e.getCause(), e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
