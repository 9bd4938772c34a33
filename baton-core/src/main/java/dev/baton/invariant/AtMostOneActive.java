package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    // One pass over the components: a large system has as many role groups as pairs.
    Map<String, List<String>> active = new LinkedHashMap<>();
    for (Component c : topology.components()) {
      String group = c.roleGroup();
      if (group == null || group.isEmpty()) {
        continue;
      }
      List<String> members = active.computeIfAbsent(group, g -> new ArrayList<>());
      if (model.isActive(facts.role(c.name()).orElse(null))) {
        members.add(c.name());
      }
    }
    for (Map.Entry<String, List<String>> g : active.entrySet()) {
      if (g.getValue().size() > model.maxActive()) {
        return Optional.of(
            "role group "
                + g.getKey()
                + " has "
                + g.getValue().size()
                + " active members ("
                + String.join(", ", g.getValue())
                + "); at most "
                + model.maxActive()
                + " may be active");
      }
    }
    return Optional.empty();
  }
}
