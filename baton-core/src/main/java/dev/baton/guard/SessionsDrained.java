package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A component refuses new sessions and has none left (seed 000, stop the Data Center services), so
 * stopping it cuts off no backup or restore.
 */
public record SessionsDrained(String component) implements Guard {

  @Override
  public String name() {
    return "sessions-drained";
  }

  @Override
  public String describe() {
    return component + " refuses new sessions and has none";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<Boolean> drained = facts.drained(component);
    Optional<Integer> sessions = facts.sessions(component);
    if (drained.isEmpty() || sessions.isEmpty()) {
      return Optional.of(
          "whether " + component + " is drained, and of how many sessions, is unknown");
    }
    if (!drained.get()) {
      return Optional.of(component + " still accepts new sessions");
    }
    if (sessions.get() > 0) {
      return Optional.of(component + " still has " + sessions.get() + " session(s)");
    }
    return Optional.empty();
  }
}
