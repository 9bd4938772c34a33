package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** A component holds the expected role right now. */
public record HasRole(String component, String role) implements Guard {

  @Override
  public String name() {
    return "role-" + role;
  }

  @Override
  public String describe() {
    return component + " is " + role;
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> actual = facts.role(component);
    if (actual.isPresent() && actual.get().equals(role)) {
      return Optional.empty();
    }
    return Optional.of(
        component
            + " is "
            + actual.orElseGet(
                () ->
                    "of unknown role ("
                        + facts.unknownBecause(component, "not running or unreachable")
                        + ")")
            + ", expected "
            + role);
  }
}
