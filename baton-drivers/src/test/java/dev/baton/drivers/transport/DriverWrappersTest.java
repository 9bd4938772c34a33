package dev.baton.drivers.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.redirect.RedirectingDriver;
import dev.baton.engine.Driver;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A driver that wraps another must pass on every method the interface gives a default: a default
 * left in place silently does the general thing (a scoped observation became a whole-system one, a
 * live check found nothing) instead of what the wrapped driver does.
 */
class DriverWrappersTest {

  @Test
  void wrappersOverrideEveryDefaultMethod() {
    for (Class<?> wrapper : List.of(TimedDriver.class, RedirectingDriver.class)) {
      List<String> missing = new ArrayList<>();
      for (Method m : Driver.class.getDeclaredMethods()) {
        if (!m.isDefault()) {
          continue;
        }
        try {
          wrapper.getDeclaredMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
          missing.add(m.getName() + m.getParameterCount());
        }
      }
      assertTrue(missing.isEmpty(), wrapper.getSimpleName() + " does not pass on " + missing);
    }
  }
}
