package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A step marked destructive runs only once every component it touches has a verified backup. */
public record BackupBeforeDestructive() implements Invariant {

  @Override
  public String name() {
    return "backup-before-destructive";
  }

  @Override
  public String describe() {
    return "a verified backup before anything destructive";
  }

  @Override
  public Optional<String> violation(Topology topology, Facts facts, Step next) {
    if (next == null || !next.destructive()) {
      return Optional.empty();
    }
    for (String component : touched(topology, next.action().target())) {
      if (facts.backup(component).isEmpty()) {
        return Optional.of(
            next.id()
                + " would change "
                + component
                + ", which has no verified backup; back it up first");
      }
    }
    return Optional.empty();
  }

  private static List<String> touched(Topology topology, String target) {
    List<String> out = new ArrayList<>();
    topology.component(target).ifPresent(c -> out.add(c.name()));
    for (ReplicationLink l : topology.links()) {
      if (l.name().equals(target)) {
        out.add(l.from());
        out.add(l.to());
      }
    }
    return out;
  }
}
