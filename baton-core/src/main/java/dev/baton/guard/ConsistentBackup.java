package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.List;
import java.util.Optional;

/**
 * Every database of a set carries one backup label, so they can be restored to one consistent point
 * (seed 003: every database the pack's cluster section lists, backed up under one label before the
 * upgrade).
 */
public record ConsistentBackup(List<String> databases, String label) implements Guard {

  public ConsistentBackup {
    databases = List.copyOf(databases);
  }

  @Override
  public String name() {
    return "consistent-full-backup";
  }

  @Override
  public String describe() {
    return String.join(", ", databases) + " have the full backup " + label;
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(databases);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    for (String db : databases) {
      Optional<String> backup = facts.backup(db);
      if (backup.isEmpty()) {
        return Optional.of(
            db + " has no verified backup; take the full backup " + label + " first");
      }
      if (!backup.get().equals(label)) {
        return Optional.of(
            db
                + "'s newest backup is "
                + backup.get()
                + ", not the full backup "
                + label
                + " the other databases share");
      }
    }
    return Optional.empty();
  }
}
