package dev.baton.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void eachUnitAndABareNumberOfSeconds() {
    assertEquals(Optional.of(Duration.ofMillis(250)), Durations.parse("250ms"));
    assertEquals(Optional.of(Duration.ofSeconds(3)), Durations.parse(" 3s "));
    assertEquals(Optional.of(Duration.ofSeconds(3)), Durations.parse("3"));
    assertEquals(Optional.of(Duration.ofMinutes(5)), Durations.parse("5m"));
    assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("1 h"));
  }

  @Test
  void anythingElseIsNotADuration() {
    for (String bad : new String[] {"", "soon", "-1s", "1.5s", "3d", "10000000000s"}) {
      assertEquals(Optional.empty(), Durations.parse(bad), bad);
    }
    assertEquals(Optional.empty(), Durations.parse(null));
  }
}
