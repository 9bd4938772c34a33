package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A server archives its WAL and can read it back ({@code <c>.archiving=on}, {@code
 * <c>.restore_command_set=true}): a bookmark is a point in the WAL, and only archived WAL can
 * replay a copy up to it (seed 004: bookmarks and rewind need data rewind turned on).
 */
public record WalArchived(String component) implements Guard {

  @Override
  public String name() {
    return "wal-archived";
  }

  @Override
  public String describe() {
    return component + " archives its WAL and has a restore_command";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> archiving = facts.property(Property.ARCHIVING.of(component));
    if (archiving.isEmpty()) {
      return Optional.of(
          "whether " + component + " archives its WAL is unknown (it does not answer)");
    }
    if (!archiving.get().equals("on")) {
      return Optional.of(
          component
              + " does not archive its WAL ("
              + archiving.get().replaceFirst("^off \\((.*)\\)$", "$1")
              + "), so there is no WAL to rewind with; set archive_mode and archive_command,"
              + " take a base backup, then set bookmarks");
    }
    if (!facts
        .property(Property.RESTORE_COMMAND_SET.of(component))
        .orElse("false")
        .equals("true")) {
      return Optional.of(
          component
              + " archives its WAL but sets no restore_command, so a copy cannot read the archive");
    }
    return Optional.empty();
  }
}
