package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.plan.Condition;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** Software is removed only from a component whose services have stopped. */
public record StoppedFirst(String component) implements Guard {

  @Override
  public String name() {
    return "stopped-first";
  }

  @Override
  public String describe() {
    return "the services of " + component + " are stopped";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    return new Condition.ServiceIs(component, ServiceState.STOPPED).unmet(facts);
  }
}
