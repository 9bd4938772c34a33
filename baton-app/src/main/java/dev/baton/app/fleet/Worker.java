package dev.baton.app.fleet;

import dev.baton.app.output.Json;
import dev.baton.app.wiring.Home;
import dev.baton.journal.Claim;
import dev.baton.journal.FleetJournal;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Baton process serving fleets of a shared journal: it claims systems that are due, runs each
 * under a fenced lease (up to {@code slots} at once), and goes on until it is closed or, if asked,
 * until nothing is left that a worker could do.
 */
public final class Worker implements AutoCloseable {

  /** What a worker is, how many systems it runs at once, and how it keeps its leases. */
  public record Settings(
      String name,
      String fleet,
      int slots,
      Duration leaseTtl,
      Duration verifyTimeout,
      Duration poll,
      boolean untilSettled,
      boolean json) {}

  private enum State {
    LATENT,
    STARTED,
    CLOSED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final FleetJournal journal;
  private final Home home;
  private final Settings settings;
  private final PrintStream out;
  private final Semaphore slots;
  private final ExecutorService pool;
  private final Map<String, AtomicInteger> counts = new LinkedHashMap<>();

  public Worker(FleetJournal journal, Home home, Settings settings, PrintStream out) {
    this.journal = journal;
    this.home = home;
    this.settings = settings;
    this.out = out;
    this.slots = new Semaphore(settings.slots());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            settings.slots(),
            r -> {
              Thread t = new Thread(r, "baton-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    for (String c : new String[] {"done", "failed", "halted", "lost"}) {
      counts.put(c, new AtomicInteger());
    }
  }

  /**
   * Claims and runs systems until closed, or until the fleets are settled when {@link
   * Settings#untilSettled()} asks; returns the exit code (0).
   */
  public int run() throws InterruptedException {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("a worker cannot be started more than once");
    }
    say(
        "worker %s (pid %d) claims systems of %s from %s"
            .formatted(
                settings.name(),
                ProcessHandle.current().pid(),
                settings.fleet() == null ? "every fleet" : "fleet " + settings.fleet(),
                journal.shown()));
    while (state.get() == State.STARTED) {
      // Wait for a free slot rather than sleep: a system that ends frees its place at once.
      if (!slots.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS)) {
        continue;
      }
      if (claimOne()) {
        continue;
      }
      if (settings.untilSettled() && idle() && settled()) {
        break;
      }
      Thread.sleep(settings.poll().toMillis());
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.DAYS);
    summary();
    return 0;
  }

  /** Claims one system for the slot the caller holds; true when it did (the slot is then its). */
  private boolean claimOne() {
    Optional<Claim> claim;
    try {
      claim = journal.fleets().claim(settings.name(), settings.fleet(), settings.leaseTtl());
    } catch (RuntimeException e) {
      // The journal may be away for a moment (a failover of its database): try again later.
      say("worker %s cannot claim: %s".formatted(settings.name(), e.getMessage()));
      claim = Optional.empty();
    }
    if (claim.isEmpty()) {
      slots.release();
      return false;
    }
    Claim c = claim.get();
    pool.submit(
        () -> {
          try {
            report(c, new ClaimedSystem(c, journal, home, settings).run());
          } finally {
            slots.release();
          }
        });
    return true;
  }

  private boolean idle() {
    return slots.availablePermits() == settings.slots();
  }

  private boolean settled() {
    try {
      return journal.fleets().settled(settings.fleet());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void report(Claim c, ClaimedSystem.Ending ending) {
    String outcome = ending instanceof ClaimedSystem.Ending.Finished f ? f.state().label() : "lost";
    counts.get(outcome).incrementAndGet();
    if (settings.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("worker", settings.name());
      m.put("fleet", c.fleet());
      m.put("system", c.system());
      m.put("epoch", c.epoch());
      m.put("takeover", c.takeover());
      m.put("outcome", outcome);
      m.put("sentence", ending.sentence());
      // The heap so far on every line: a worker stopped before its summary still shows its peak.
      m.put("peakHeapMiB", peakHeapMiB());
      out.println(Json.line(m));
    } else {
      out.printf(
          "%s: %s%s: %s%n",
          c.system(), outcome, c.takeover() ? " (taken over)" : "", ending.sentence());
    }
    out.flush();
  }

  private void summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("worker", settings.name());
    counts.forEach((k, v) -> m.put(k, v.get()));
    m.put("peakHeapMiB", peakHeapMiB());
    m.put("heapAfterGcMiB", heapAfterGcMiB());
    if (settings.json()) {
      out.println(Json.line(m));
    } else {
      say(
          "worker %s stops: %d done, %d failed, %d halted, %d lost to other workers; peak heap %d MiB"
              .formatted(
                  settings.name(),
                  counts.get("done").get(),
                  counts.get("failed").get(),
                  counts.get("halted").get(),
                  counts.get("lost").get(),
                  peakHeapMiB()));
    }
  }

  private void say(String sentence) {
    if (!settings.json()) {
      out.println(sentence);
      out.flush();
    }
  }

  /** What the heap holds once garbage is collected: what a worker keeps, not what it churns. */
  static long heapAfterGcMiB() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  /** The heap's high-water mark, summed over its pools. */
  static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }

  /** Stops claiming; systems already running finish. */
  @Override
  public void close() {
    state.set(State.CLOSED);
  }
}
