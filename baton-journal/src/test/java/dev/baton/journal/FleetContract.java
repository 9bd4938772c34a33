package dev.baton.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.FencedOffException;
import dev.baton.fleet.Fleet;
import dev.baton.fleet.FleetMember;
import dev.baton.fleet.FleetState;
import dev.baton.fleet.FleetStatus;
import dev.baton.fleet.Limit;
import dev.baton.fleet.Rollout;
import dev.baton.fleet.SystemState;
import dev.baton.fleet.SystemStatus;
import dev.baton.fleet.WaveSize;
import dev.baton.fleet.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleets kept in the journal: claims that respect waves, limits, the budget, windows and pause,
 * takeovers under a new epoch, and finishes refused to a worker that lost its claim.
 */
abstract class FleetContract extends JournalContract {

  private static final Duration TTL = Duration.ofSeconds(30);

  private Fleets fleets;

  @BeforeEach
  void fleets() {
    fleets = ((FleetJournal) journal).fleets();
  }

  /** {@code n} systems s01…, in waves {@code waves}, the first {@code tagged} tagged db. */
  static Fleet fleet(
      String name, int n, List<WaveSize> waves, Integer budget, List<Limit> limits, Window w) {
    List<Integer> wave = assign(waves, n);
    List<FleetMember> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String system = "s%02d".formatted(i + 1);
      members.add(
          new FleetMember(
              system,
              i,
              wave.get(i),
              "full-stop",
              "2.0",
              Map.of(),
              system + ".yaml",
              "system: " + system + "\n",
              null,
              List.of(),
              w));
    }
    return new Fleet(
        name, name + ".yaml", "fleet: " + name, new Rollout(waves, budget, true), members, limits);
  }

  private static List<Integer> assign(List<WaveSize> waves, int n) {
    // WaveSize.assign is package-private to core; the contract only needs simple counts here.
    List<Integer> out = new ArrayList<>();
    int wave = 0;
    for (WaveSize w : waves) {
      int take = w.take(n, n - out.size());
      for (int i = 0; i < take; i++) {
        out.add(wave);
      }
      wave++;
    }
    while (out.size() < n) {
      out.add(wave);
    }
    return out;
  }

  private static List<WaveSize> flat() {
    return List.of(new WaveSize.Rest());
  }

  @Test
  void theSameDefinitionTwiceChangesNothingAndAnotherUnderItsNameIsRefused() {
    Fleet q3 = fleet("q3", 3, flat(), null, List.of(), null);
    assertEquals(Fleets.Defined.CREATED, fleets.define(q3));
    assertEquals(Fleets.Defined.UNCHANGED, fleets.define(q3));

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> fleets.define(fleet("q3", 4, flat(), null, List.of(), null)));
    assertEquals(
        "fleet q3 is already in the journal with another definition (from q3.yaml);"
            + " give the new one another name",
        e.getMessage());
    assertEquals(List.of("q3"), fleets.names());
  }

  @Test
  void aWaveStartsOnlyOnceEverySystemOfTheWaveBeforeHasFinished() {
    fleets.define(
        fleet("q3", 4, List.of(new WaveSize.Count(1), new WaveSize.Rest()), null, List.of(), null));

    Claim canary = claim("w1").orElseThrow();
    assertEquals("s01", canary.system());
    assertEquals(Optional.empty(), claim("w2"), "wave 2 waits for the canary");

    fleets.finish(canary, SystemState.DONE, "done");
    assertEquals("s02", claim("w2").orElseThrow().system());
    assertEquals("s03", claim("w1").orElseThrow().system());
  }

  @Test
  void aLimitIsCountedByTheClaimAndFreedByTheFinish() {
    Limit db = new Limit("tag db", 2, List.of("s01", "s02", "s03"));
    fleets.define(fleet("q3", 4, flat(), null, List.of(db), null));

    Claim first = claim("w1").orElseThrow();
    Claim second = claim("w2").orElseThrow();
    assertEquals("s04", claim("w3").orElseThrow().system(), "s03 waits for a place under tag db");
    assertEquals(Optional.empty(), claim("w3"));

    fleets.finish(first, SystemState.DONE, "done");
    assertEquals("s03", claim("w3").orElseThrow().system());
    assertEquals(List.of("s01", "s02"), List.of(first.system(), second.system()));
  }

  @Test
  void aSpentFailureBudgetStopsNewStartsAndStatusSaysWhy() {
    fleets.define(fleet("q3", 5, flat(), 2, List.of(), null));
    Claim a = claim("w1").orElseThrow();
    Claim b = claim("w1").orElseThrow();
    Claim c = claim("w1").orElseThrow();

    fleets.finish(a, SystemState.FAILED, "stop db failed: injected fault");
    assertTrue(claim("w1").isPresent(), "one failure of a budget of two");
    fleets.finish(b, SystemState.HALTED, "refused: …");

    assertEquals(Optional.empty(), claim("w2"));
    fleets.finish(c, SystemState.DONE, "done");
    FleetStatus status = fleets.status("q3").orElseThrow();
    assertEquals(
        "stopped starting systems: 2 of a failure budget of 2 failed or halted"
            + " (s01 failed, s02 halted); 1 running finish, 1 stay pending",
        status.sentence());
  }

  @Test
  void aSystemWhoseLeaseRanOutIsTakenOverUnderTheNextEpochWithItsRun() throws Exception {
    fleets.define(fleet("q3", 1, flat(), null, List.of(), null));
    Claim first = fleets.claim("w1", null, TTL).orElseThrow();
    fleets.attach(first, "r-first");

    store.elapse(clock, TTL);
    Claim taken = fleets.claim("w2", null, TTL).orElseThrow();

    assertTrue(taken.takeover());
    assertEquals("r-first", taken.runId());
    assertEquals(first.epoch() + 1, taken.epoch());
    var refused =
        assertThrows(
            FencedOffException.class, () -> fleets.finish(first, SystemState.DONE, "done"));
    assertEquals(
        "the journal refused a write under epoch 1 of the lease on s01, which epoch 2 (w2)"
            + " holds now; stopped issuing actions",
        refused.getMessage());
    assertFalse(first.lease().renew());

    fleets.finish(taken, SystemState.DONE, "done");
    SystemStatus s01 = fleets.status("q3").orElseThrow().systems().get(0);
    assertEquals(SystemState.DONE, s01.state());
    assertEquals("w2", s01.worker());
  }

  @Test
  void aPausedFleetStartsNothingUntilResumedAndAnAbortedOneSkipsWhatIsLeft() {
    fleets.define(fleet("q3", 3, flat(), null, List.of(), null));
    Claim running = claim("w1").orElseThrow();
    fleets.change("q3", FleetState.PAUSED, "paused by alice: change freeze");
    assertEquals(Optional.empty(), claim("w1"));
    assertEquals(
        "paused (paused by alice: change freeze): no new system starts; 1 running finish, 2 pending",
        fleets.status("q3").orElseThrow().sentence());

    fleets.change("q3", FleetState.ACTIVE, null);
    assertTrue(claim("w1").isPresent());

    FleetStatus aborted = fleets.change("q3", FleetState.ABORTED, "aborted by bob");
    assertEquals(Optional.empty(), claim("w1"));
    assertEquals(1, aborted.counts().get(SystemState.SKIPPED));
    fleets.finish(running, SystemState.DONE, "done");
    assertThrows(
        IllegalArgumentException.class, () -> fleets.change("q3", FleetState.ACTIVE, null));
  }

  @Test
  void aSystemStartsOnlyInsideItsWindow() {
    Instant now = store.windowTime(clock);
    LocalTime t = now.atZone(ZoneOffset.UTC).toLocalTime();
    Window closed = new Window("later", Set.of(), t.plusHours(2), t.plusHours(3), ZoneOffset.UTC);
    Window open = new Window("now", Set.of(), t.minusHours(1), t.plusHours(1), ZoneOffset.UTC);
    fleets.define(fleet("closed", 1, flat(), null, List.of(), closed));
    assertEquals(Optional.empty(), claim("w1"));

    fleets.define(fleet("open", 1, flat(), null, List.of(), open));
    assertEquals("open", claim("w1").orElseThrow().fleet());
  }

  /**
   * Four workers claiming and finishing as fast as they can never have more systems of a limit
   * running at once than the limit allows, as the claim and finish times show.
   */
  @Test
  void concurrentWorkersNeverExceedALimit() throws Exception {
    List<String> tagged = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      tagged.add("s%02d".formatted(i));
    }
    fleets.define(fleet("q3", 20, flat(), null, List.of(new Limit("tag db", 2, tagged)), null));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String name = "w" + w;
        workers.add(pool.submit(() -> work(name)));
      }
      int total = 0;
      for (Future<Integer> f : workers) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertEquals(20, total);
    } finally {
      pool.shutdownNow();
    }
    List<SystemStatus> systems = fleets.status("q3").orElseThrow().systems();
    assertTrue(systems.stream().allMatch(s -> s.state() == SystemState.DONE));
    assertTrue(mostAtOnce(systems) <= 2, "at most 2 at once, was " + mostAtOnce(systems));
  }

  private int work(String worker) {
    int done = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
    while (System.nanoTime() < deadline) {
      Optional<Claim> c = claim(worker);
      if (c.isPresent()) {
        fleets.finish(c.get(), SystemState.DONE, "done");
        done++;
      } else if (fleets.status("q3").orElseThrow().currentWave() == 0) {
        return done;
      } else {
        Thread.onSpinWait();
      }
    }
    return done;
  }

  /** The most systems whose [claimed, finished) intervals overlap at one moment. */
  static int mostAtOnce(List<SystemStatus> systems) {
    List<long[]> edges = new ArrayList<>();
    for (SystemStatus s : systems) {
      edges.add(new long[] {s.claimedAt().toEpochMilli(), 1});
      edges.add(new long[] {s.finishedAt().toEpochMilli(), -1});
    }
    // At one millisecond, ends before starts: a finish commits before the claim that follows it.
    Collections.sort(
        edges, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int most = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }

  private Optional<Claim> claim(String worker) {
    return fleets.claim(worker, null, TTL);
  }
}
