package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.invariant.Bytes;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A component's disk has free space of at least a tenth of its transaction log and a tenth of its
 * data file (seed 000, upgrade guidelines), read from the properties {@code <c>.free_bytes}, {@code
 * <c>.log_bytes} and {@code <c>.data_bytes}.
 */
public record FreeSpace(String component) implements Guard {

  /** The share of each file's size the upgrade needs free, in percent. */
  static final int PERCENT = 10;

  @Override
  public String name() {
    return "free-space";
  }

  @Override
  public String describe() {
    return component
        + " has free space of at least "
        + PERCENT
        + "% of its transaction log and "
        + PERCENT
        + "% of its data file";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<Long> free = bytes(facts, Property.FREE_BYTES);
    Optional<Long> log = bytes(facts, Property.LOG_BYTES);
    Optional<Long> data = bytes(facts, Property.DATA_BYTES);
    if (free.isEmpty() || log.isEmpty() || data.isEmpty()) {
      return Optional.of(
          "the free space, transaction log size or data file size of "
              + component
              + " is unknown, so the upgrade's space cannot be checked");
    }
    Optional<String> forLog = shortBy(free.get(), log.get(), "transaction log");
    return forLog.isPresent() ? forLog : shortBy(free.get(), data.get(), "data file");
  }

  private Optional<String> shortBy(long free, long size, String what) {
    long needed = (size * PERCENT + 99) / 100;
    if (free >= needed) {
      return Optional.empty();
    }
    return Optional.of(
        component
            + " has "
            + Bytes.human(free)
            + " free but needs "
            + Bytes.human(needed)
            + " ("
            + PERCENT
            + "% of its "
            + what
            + "); "
            + Bytes.human(needed - free)
            + " short");
  }

  private Optional<Long> bytes(Facts facts, Property property) {
    return facts
        .property(property.of(component))
        .flatMap(
            v -> {
              try {
                long n = Long.parseLong(v.trim());
                return n >= 0 ? Optional.of(n) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
