package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * The last integrity check of a component's databases found no error (seed 000, verify data
 * integrity): the property {@code <c>.integrity} reads {@code ok}. Any other value stops the
 * upgrade.
 */
public record IntegrityClean(String component) implements Guard {

  @Override
  public String name() {
    return "integrity-clean";
  }

  @Override
  public String describe() {
    return "the integrity check of " + component + " found no error";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> result = facts.property(Property.INTEGRITY.of(component));
    if (result.isEmpty()) {
      return Optional.of(
          "the integrity of " + component + " is unknown; check its databases before upgrading");
    }
    if (!result.get().trim().equalsIgnoreCase("ok")) {
      return Optional.of(
          "the integrity check of " + component + " reported '" + result.get().trim() + "'");
    }
    return Optional.empty();
  }
}
