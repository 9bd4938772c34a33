package dev.baton.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimingTest {

  @Test
  void withNeitherPropertyNorVariableTheMultiplierIsOne() {
    assertEquals(1.0, Timing.multiplier(null, null));
    assertEquals(1.0, Timing.multiplier(" ", ""), "blank counts as unset");
  }

  @Test
  void theVariableSetsTheMultiplier() {
    assertEquals(2.0, Timing.multiplier(null, "2"));
    assertEquals(1.5, Timing.multiplier(null, " 1.5 "));
    assertEquals(0.5, Timing.multiplier(null, "0.5"), "a fast machine may shrink the bounds");
  }

  @Test
  void thePropertyOverridesTheVariable() {
    assertEquals(3.0, Timing.multiplier("3", "2"));
  }

  @Test
  void aBadVariableIsAnErrorNamingIt() {
    for (String bad : new String[] {"abc", "0", "-1", "NaN", "Infinity", "2d", "1e400"}) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Timing.multiplier(null, bad), bad);
      assertTrue(e.getMessage().startsWith("BATON_TIMING must be a positive decimal"), bad);
      assertTrue(e.getMessage().endsWith("not '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void aBadPropertyIsAnErrorNamingTheProperty() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Timing.multiplier("slow", "2"));
    assertTrue(
        e.getMessage().startsWith("baton.timing must be a positive decimal"), e.getMessage());
  }

  @Test
  void theSettingNamesWhereTheMultiplierCameFrom() {
    assertEquals("baton.timing=3", Timing.setting(" 3", "2"));
    assertEquals("BATON_TIMING=2", Timing.setting(null, "2"));
    assertEquals("the default 1", Timing.setting(null, null));
  }

  @Test
  void scaledMultipliesTheBoundByTheMultiplierInForce() {
    double m = Timing.multiplier();
    assertEquals(Math.round(10_000 * m), Timing.scaled(Duration.ofSeconds(10)).toMillis());
    assertEquals(Timing.scaled(Duration.ofSeconds(3)), Timing.seconds(3));
    assertEquals(Timing.scaled(Duration.ofMillis(250)), Timing.millis(250));
  }
}
