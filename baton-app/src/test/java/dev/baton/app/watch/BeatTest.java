package dev.baton.app.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BeatTest {

  private static final Duration BEAT = Duration.ofMillis(100);

  private static Sight primary() {
    return Sight.of(
        Facts.builder("fake", Instant.EPOCH).add(FactKind.ROLE, "pg-a", "primary").build());
  }

  @Test
  void anObservationThatDoesNotAnswerFailsItsBeatAndIsNotStartedTwice() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger observations = new AtomicInteger();
    try (Beat beat =
        new Beat(
            () -> {
              if (observations.incrementAndGet() == 1) {
                await(release);
              }
              return primary();
            },
            List.of(new DatabaseCheck("pg-a", "primary")))) {
      long start = System.nanoTime();
      Beat.Result first = beat.run(BEAT);
      long took = System.nanoTime() - start;
      assertNull(first.sight().facts());
      assertEquals(
          List.of(
              "database: cannot observe pg-a: the driver gave no answer within the heartbeat"
                  + " (100 ms)"),
          first.failures());
      assertTrue(took < TimeUnit.SECONDS.toNanos(5), "the beat ended at its budget: " + took);
      Beat.Result second = beat.run(BEAT);
      assertEquals(1, second.failures().size(), second.failures().toString());
      assertEquals(1, observations.get(), "the hung observation is not started again");
      release.countDown();
      Beat.Result third = beat.run(Duration.ofSeconds(10));
      assertEquals(List.of(), third.failures(), "the observation answered: alive");
      Beat.Result fourth = beat.run(Duration.ofSeconds(10));
      assertEquals(List.of(), fourth.failures());
      assertEquals(2, observations.get(), "a fresh observation for the next beat");
    }
  }

  @Test
  void aSlowCheckFailsItsBeatWhileTheOthersAnswerAndClosingStopsIt() throws Exception {
    // A duration no other process here sleeps, so that the test finds its own script by it.
    String marker = "sleep 30." + ProcessHandle.current().pid();
    ScriptCheck slow =
        new ScriptCheck("exec " + marker, java.util.Map.of(), Duration.ofSeconds(60));
    Beat beat = new Beat(BeatTest::primary, List.of(new DatabaseCheck("pg-a", "primary"), slow));
    try {
      Beat.Result r = beat.run(BEAT);
      assertEquals(List.of("check script: no answer within the heartbeat (100 ms)"), r.failures());
      assertEquals("primary", r.sight().facts().role("pg-a").orElseThrow());
    } finally {
      beat.close();
    }
    dev.baton.testkit.Poll.until(
        Duration.ofSeconds(10),
        "the script is stopped",
        () ->
            ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains(marker)));
  }

  private static void await(CountDownLatch l) {
    try {
      l.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
