package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A component runs at least the lowest version the target release upgrades from directly (seed 000,
 * step 1 of the upgrade): anything older must first be brought up to it.
 */
public record SupportedSource(String component, Version minimum) implements Guard {

  @Override
  public String name() {
    return "supported-source";
  }

  @Override
  public String describe() {
    return component + " runs " + minimum + " or later";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<Version> v = facts.version(component);
    if (v.isEmpty()) {
      return Optional.of(
          "the version of "
              + component
              + " is unknown, so it cannot be checked against the minimum "
              + minimum);
    }
    if (v.get().isOlderThan(minimum)) {
      return Optional.of(
          component
              + " runs "
              + v.get()
              + ", older than "
              + minimum
              + ", the oldest version this release upgrades from directly");
    }
    return Optional.empty();
  }
}
