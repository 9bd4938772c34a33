package dev.baton.app.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The watch loop on a fake clock and a fake driver: no real time passes. */
class WatcherTest {

  private static final long MS = 1_000_000L;
  private static final WatchTarget PAIR =
      new WatchTarget("pg-pair", "pg-a", "pg-b", "pg-stream", "primary");

  /** Time moves only when the watcher sleeps. */
  private static final class FakeTicker implements Ticker {
    long now;

    @Override
    public long nanos() {
      return now;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH.plusNanos(now);
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
      now = Math.max(now, deadlineNanos);
    }

    @Override
    public void wake() {}
  }

  /** What the watcher asked for. */
  private static final class Recorded implements Responders {
    final List<Alert> alerts = new ArrayList<>();
    final List<Declaration> failovers = new ArrayList<>();

    @Override
    public void alert(Alert alert) {
      alerts.add(alert);
    }

    @Override
    public FailoverReport failover(Declaration d) {
      failovers.add(d);
      return new FailoverReport("r-1", "done", "all steps are done", 0, 400, 0, "");
    }
  }

  /** pg-a answers as primary except from {@code downFromMs} for {@code downForMs}. */
  private static Supplier<Sight> primaryDown(FakeTicker t, long downFromMs, long downForMs) {
    return () -> {
      long ms = t.now / MS;
      if (ms >= downFromMs && ms < downFromMs + downForMs) {
        return Sight.of(
            Facts.builder("fake", t.now()).add(FactKind.ROLE, "pg-b", "replica").build());
      }
      return Sight.of(
          Facts.builder("fake", t.now())
              .add(FactKind.ROLE, "pg-a", "primary")
              .add(FactKind.LINK, "pg-stream", LinkState.SYNCED)
              .add(FactKind.LAG_BYTES, "pg-stream", 128L)
              .add(FactKind.PROPERTY, "pg-stream.sync_state", "sync")
              .build());
    };
  }

  private static Watcher watcher(
      FakeTicker t, Supplier<Sight> observe, OnFailure mode, Recorded r, boolean[] leaseHeld) {
    return watcher(
        t,
        observe,
        mode,
        r,
        leaseHeld,
        new Watcher.Settings(Duration.ofMillis(500), Duration.ofSeconds(20), 0));
  }

  private static Watcher watcher(
      FakeTicker t,
      Supplier<Sight> observe,
      OnFailure mode,
      Recorded r,
      boolean[] leaseHeld,
      Watcher.Settings settings) {
    return new Watcher(
        PAIR,
        observe,
        List.of(new DatabaseCheck("pg-a", "primary")),
        new FailureDetector(Duration.ofSeconds(3)),
        mode,
        r,
        () -> leaseHeld[0],
        settings,
        t,
        Watcher.Listener.NONE);
  }

  @Test
  void aFailureShorterThanTheTimeoutRaisesNoAlert() {
    FakeTicker t = new FakeTicker();
    Recorded r = new Recorded();
    Watcher.Ended e =
        watcher(t, primaryDown(t, 2_000, 2_900), OnFailure.ALERT, r, new boolean[] {true}).run();
    assertEquals(0, e.exitCode());
    assertEquals(List.of(), r.alerts);
    assertEquals(20_000 * MS, t.now, "watched for the whole --for");
  }

  @Test
  void aFailureAsLongAsTheTimeoutAlertsOnceWithItsDetectionTime() {
    FakeTicker t = new FakeTicker();
    Recorded r = new Recorded();
    watcher(t, primaryDown(t, 2_000, 3_100), OnFailure.ALERT, r, new boolean[] {true}).run();
    assertEquals(1, r.alerts.size());
    Declaration d = r.alerts.get(0).declaration();
    assertEquals(3_000, d.detectionMs());
    assertEquals(Instant.EPOCH.plusMillis(2_000), d.firstFailedAt());
    assertEquals(Instant.EPOCH.plusMillis(5_000), d.declaredAt());
    assertEquals(
        new LastSeen(Instant.EPOCH.plusMillis(1_500), "pg-stream", "sync", 128), d.lastSeen());
  }

  @Test
  void switchoverModeFailsOverOnceAndStopsWatching() {
    FakeTicker t = new FakeTicker();
    Recorded r = new Recorded();
    Watcher.Ended e =
        watcher(t, primaryDown(t, 1_000, 60_000), OnFailure.SWITCHOVER, r, new boolean[] {true})
            .run();
    assertEquals(1, r.failovers.size());
    assertEquals(0, e.exitCode());
    assertEquals(4_000 * MS, t.now, "stopped at the declaration, 3 s after the first failure");
    assertTrue(r.alerts.get(0).message().contains("automatic failover to pg-b"));
  }

  @Test
  void aWatcherThatLostItsLeaseStopsWithoutActing() {
    FakeTicker t = new FakeTicker();
    Recorded r = new Recorded();
    boolean[] held = {true};
    Supplier<Sight> down = primaryDown(t, 0, 60_000);
    Supplier<Sight> loseLeaseAt2s =
        () -> {
          if (t.now >= 2_000 * MS) {
            held[0] = false;
          }
          return down.get();
        };
    Watcher.Ended e = watcher(t, loseLeaseAt2s, OnFailure.SWITCHOVER, r, held).run();
    assertEquals(3, e.exitCode());
    assertEquals("lost the lease on pg-pair; stopped watching", e.sentence());
    assertEquals(List.of(), r.failovers);
  }

  @Test
  void theTimeLimitEndsTheWatchOnTimeWhenTheHeartbeatIsLonger() {
    FakeTicker t = new FakeTicker();
    Watcher.Ended e =
        watcher(
                t,
                primaryDown(t, 0, 0),
                OnFailure.ALERT,
                new Recorded(),
                new boolean[] {true},
                new Watcher.Settings(Duration.ofDays(365), Duration.ofSeconds(20), 0))
            .run();
    assertEquals(0, e.exitCode());
    assertEquals(20_000 * MS, t.now, "--for 20s ends the watch at 20 s, not at the next heartbeat");
  }
}
