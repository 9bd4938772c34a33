package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** No session of a component is preparing, suspending or recovering (seed 001 step 1). */
public record NoTransitorySessions(String component) implements Guard {

  @Override
  public String name() {
    return "no-transitory-sessions";
  }

  @Override
  public String describe() {
    return component + " has no session in a transitory state";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    int n = facts.transitorySessions(component).orElse(-1);
    if (n < 0) {
      return Optional.of("the session states of " + component + " are unknown");
    }
    if (n > 0) {
      return Optional.of(
          component
              + " has "
              + n
              + " session(s) in a transitory state (preparing, suspending or recovering)");
    }
    return Optional.empty();
  }
}
