package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import dev.baton.roles.RoleModel;
import java.util.List;
import java.util.Optional;

/** No role group has more active members than its role model's bound ({@code maxActive}). */
public record AtMostOneActive(RoleModel model) implements Invariant {

  @Override
  public String name() {
    return "at-most-one-active";
  }

  @Override
  public String describe() {
    return "at most " + model.maxActive() + " active member(s) per role group";
  }

  @Override
  public Optional<String> violation(Topology topology, Facts facts, Step next) {
    for (String group : topology.roleGroups()) {
      List<String> active =
          topology.roleGroup(group).stream()
              .map(Component::name)
              .filter(c -> model.isActive(facts.role(c).orElse(null)))
              .toList();
      if (active.size() > model.maxActive()) {
        return Optional.of(
            "role group "
                + group
                + " has "
                + active.size()
                + " active members ("
                + String.join(", ", active)
                + "); at most "
                + model.maxActive()
                + " may be active");
      }
    }
    return Optional.empty();
  }
}
