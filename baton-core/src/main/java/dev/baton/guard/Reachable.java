package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** Every node of the system answers, so no side is out of Baton's sight. */
public record Reachable(String node) implements Guard {

  @Override
  public String name() {
    return "node-reachable";
  }

  @Override
  public String describe() {
    return "node " + node + " is reachable";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(node);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    return facts.reachable(node).orElse(false)
        ? Optional.empty()
        : Optional.of("node " + node + " is unreachable");
  }
}
