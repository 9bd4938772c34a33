package dev.baton.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

  @Test
  void pollGivesUpAfterItsTimeoutNamingWhatItWaitedFor() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Poll.until(Duration.ofMillis(100), "pigs to fly", () -> false));
    assertTrue(e.getMessage().contains("pigs to fly"), e.getMessage());
  }

  @Test
  void theFailureStatesTheScaledBoundAndTheLastError() {
    long scaledMs = Timing.scaled(Duration.ofMillis(100)).toMillis();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Poll.until(
                    Duration.ofMillis(100),
                    "the server to answer",
                    () -> {
                      throw new IOException("connection refused");
                    }));

    assertTrue(e.getMessage().startsWith("timed out after " + scaledMs + " ms"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("waiting for the server to answer; last error: connection refused"),
        e.getMessage());
  }

  @Test
  void getReturnsTheFirstValueFound() {
    AtomicInteger checks = new AtomicInteger();

    int found =
        Poll.get(
            Duration.ofSeconds(5),
            "the third check",
            () -> checks.incrementAndGet() == 3 ? Optional.of(checks.get()) : Optional.empty());

    assertEquals(3, found);
  }

  @Test
  void anErrorInTheConditionEndsTheWaitAtOnce() {
    AssertionError failed = new AssertionError("the process ended early");
    AtomicInteger checks = new AtomicInteger();

    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Poll.until(
                    Duration.ofSeconds(5),
                    "a process that ended",
                    () -> {
                      checks.incrementAndGet();
                      throw failed;
                    }));

    assertSame(failed, e);
    assertEquals(1, checks.get());
  }

  @Test
  void everyChecksAtItsOwnInterval() {
    AtomicInteger checks = new AtomicInteger();

    assertThrows(
        IllegalStateException.class,
        () ->
            Poll.every(Duration.ofMillis(100))
                .until(Duration.ofMillis(250), "never", () -> checks.incrementAndGet() < 0));

    // 250 ms at 100 ms apart is 3 or 4 checks; the default 20 ms would make a dozen.
    assertTrue(
        checks.get() >= 2 && checks.get() <= 4 * Timing.multiplier() + 1, checks + " checks");
  }
}
