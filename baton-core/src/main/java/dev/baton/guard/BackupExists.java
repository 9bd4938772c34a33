package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** A verified backup of the component exists. */
public record BackupExists(String component) implements Guard {

  @Override
  public String name() {
    return "backup-exists";
  }

  @Override
  public String describe() {
    return component + " has a verified backup";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    return facts.backup(component).isPresent()
        ? Optional.empty()
        : Optional.of(component + " has no verified backup");
  }
}
