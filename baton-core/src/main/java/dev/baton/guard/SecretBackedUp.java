package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * The master secret of a master secret server has this upgrade's backup (seed 003): the property
 * {@code <component>.secret-backup} names {@code label}. Without it, a node that loses the secret
 * while unclustered cannot get it back.
 */
public record SecretBackedUp(String component, String label) implements Guard {

  @Override
  public String name() {
    return "secret-backed-up";
  }

  @Override
  public String describe() {
    return "the master secret of " + component + " is backed up as " + label;
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> backup = facts.property(Property.SECRET_BACKUP.of(component));
    if (backup.isEmpty()) {
      return Optional.of("the master secret of " + component + " has no backup");
    }
    if (!backup.get().equals(label)) {
      return Optional.of(
          "the newest backup of the master secret of "
              + component
              + " is "
              + backup.get()
              + ", not this upgrade's "
              + label);
    }
    return Optional.empty();
  }
}
