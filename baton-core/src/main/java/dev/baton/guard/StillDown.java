package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A component declared down has not come back as the active one: a failover away from an active
 * that answers again would make two actives, or throw away a healthy one.
 */
public record StillDown(String component, String activeRole) implements Guard {

  @Override
  public String name() {
    return "still-down";
  }

  @Override
  public String describe() {
    return component + " does not answer as " + activeRole;
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    return facts
        .role(component)
        .filter(activeRole::equals)
        .map(r -> component + " answers as " + r + " again, so it is not down; no failover");
  }
}
