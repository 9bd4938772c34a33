package dev.baton.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a lease alive while a long action runs by renewing it every third of its TTL. Once one
 * renewal fails the lease counts as lost for good: {@link #renew()} answers false and the engine
 * stops issuing actions.
 */
public final class KeptLease implements Lease {

  private final Lease inner;
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean announced = new AtomicBoolean();
  private final Runnable onLost;
  private final ScheduledExecutorService timer;
  private final long ttlNanos;
  private volatile long lastRenewed;

  public KeptLease(Lease inner, Duration ttl) {
    this(inner, ttl, () -> {});
  }

  /** {@code onLost} runs once, the first time the lease is found lost or stale. */
  public KeptLease(Lease inner, Duration ttl, Runnable onLost) {
    this.inner = inner;
    this.onLost = onLost;
    this.ttlNanos = ttl.toNanos();
    this.lastRenewed = System.nanoTime();
    renew();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "baton-lease-" + inner.system());
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(50, ttl.toMillis() / 3);
    timer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public String system() {
    return inner.system();
  }

  @Override
  public String holder() {
    return inner.holder();
  }

  @Override
  public long epoch() {
    return inner.epoch();
  }

  @Override
  public boolean renew() {
    if (lost.get()) {
      return false;
    }
    if (!inner.renew()) {
      lost.set(true);
      announceLoss();
      return false;
    }
    lastRenewed = System.nanoTime();
    return true;
  }

  /** Held while no renewal failed and the last one is younger than the TTL. */
  @Override
  public boolean isHeld() {
    boolean held = !lost.get() && System.nanoTime() - lastRenewed < ttlNanos;
    if (!held) {
      announceLoss();
    }
    return held;
  }

  private void announceLoss() {
    if (announced.compareAndSet(false, true)) {
      onLost.run();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    inner.close();
  }
}
