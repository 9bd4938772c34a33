package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import java.util.Optional;

/**
 * A member is seen not to be active: it answers in its passive role, or its service is stopped. A
 * member that cannot be seen may have been promoted, so bringing its peer back as the active one
 * could make two.
 */
public record NotPromoted(String component, String passiveRole) implements Guard {

  @Override
  public String name() {
    return "not-promoted";
  }

  @Override
  public String describe() {
    return component + " is seen " + passiveRole + " or stopped, not promoted";
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> role = facts.role(component);
    if (role.map(passiveRole::equals).orElse(false)
        || (role.isEmpty() && facts.service(component).orElse(null) == ServiceState.STOPPED)) {
      return Optional.empty();
    }
    return Optional.of(
        component
            + " is "
            + role.orElseGet(
                () ->
                    "of unknown role ("
                        + facts.unknownBecause(component, "not answering or unreachable")
                        + ")")
            + ", so it may have been promoted; starting its peer as the primary could make two");
  }
}
