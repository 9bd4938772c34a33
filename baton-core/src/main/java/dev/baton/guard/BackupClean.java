package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * The newest backup of a component finished without a warning or an error (seed 000, back up the
 * databases): the property {@code <c>.backup_warnings} reads {@code none}. Anything else stops the
 * upgrade, since a backup that warned may not restore.
 */
public record BackupClean(String component) implements Guard {

  @Override
  public String name() {
    return "backup-clean";
  }

  @Override
  public String describe() {
    return "the backup of " + component + " finished with no warning or error";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> warnings = facts.property(Property.BACKUP_WARNINGS.of(component));
    if (warnings.isEmpty()) {
      return Optional.of(
          "whether the backup of " + component + " finished without warnings is unknown");
    }
    if (!warnings.get().trim().equalsIgnoreCase("none")) {
      return Optional.of(
          "the backup of "
              + component
              + " finished with warnings ('"
              + warnings.get().trim()
              + "'); a backup that warns may not restore");
    }
    return Optional.empty();
  }
}
