package dev.baton.drivers.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forwarding base must pass on every method {@link Transport} gives a default: a default left
 * in place would, in every wrapper (metering, tagging), do the general thing instead of what the
 * wrapped transport does: refuse to stream, or claim a local network's patience for an SSH node.
 */
class ForwardingTransportTest {

  @Test
  void forwardsEveryDefaultMethodOfTransport() {
    List<String> missing = new ArrayList<>();
    for (Method m : Transport.class.getDeclaredMethods()) {
      if (!m.isDefault()) {
        continue;
      }
      try {
        ForwardingTransport.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(m.getName());
      }
    }
    assertTrue(missing.isEmpty(), "ForwardingTransport does not pass on " + missing);
  }
}
