package dev.baton.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
}
