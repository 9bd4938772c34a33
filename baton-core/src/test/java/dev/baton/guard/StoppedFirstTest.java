package dev.baton.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoppedFirstTest {

  private final Topology t = Fixtures.pair();
  private final StoppedFirst guard = new StoppedFirst("a");

  private static Facts service(ServiceState state) {
    return Facts.builder("test", Instant.EPOCH).add(FactKind.SERVICE, "a", state).build();
  }

  @Test
  void softwareIsNotRemovedWhileTheServicesRun() {
    assertEquals(
        "a is running, not stopped", guard.refusal(t, service(ServiceState.RUNNING)).orElseThrow());
  }

  @Test
  void softwareIsNotRemovedWhenTheServiceStateIsUnknown() {
    assertEquals(
        "a is in an unknown state, not stopped", guard.refusal(t, Facts.empty()).orElseThrow());
  }

  @Test
  void softwareMayBeRemovedOnceTheServicesStopped() {
    assertTrue(guard.refusal(t, service(ServiceState.STOPPED)).isEmpty());
    assertEquals(
        "stopped-first: the services of a are stopped", guard.name() + ": " + guard.describe());
  }
}
