package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.List;
import java.util.Optional;

/**
 * Every dependent of a service is stopped or disabled (seed 003: the kinds its pack lists as the
 * cluster's dependents, e.g. application hosts, secret-server slaves, scheduled jobs), so nothing
 * asks the master secret server for the secret while it changes hands.
 */
public record DependentsQuiesced(List<String> dependents) implements Guard {

  public DependentsQuiesced {
    dependents = List.copyOf(dependents);
  }

  @Override
  public String name() {
    return "dependents-quiesced";
  }

  @Override
  public String describe() {
    return "every dependent is stopped or disabled: " + String.join(", ", dependents);
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(dependents);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    for (String d : dependents) {
      Optional<ServiceState> s = facts.service(d);
      if (s.isEmpty()) {
        return Optional.of("whether dependent " + d + " still runs is unknown");
      }
      if (s.get() != ServiceState.STOPPED) {
        return Optional.of("dependent " + d + " still runs; quiesce every dependent first");
      }
    }
    return Optional.empty();
  }
}
