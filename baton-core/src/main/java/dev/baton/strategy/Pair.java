package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.roles.ActivePair;
import dev.baton.roles.RoleModel;
import java.util.List;
import java.util.Optional;

/**
 * The active and standby members of a two-member role group and the link between them. The active
 * one is taken from observed facts when there are any, else from the declared roles.
 */
record Pair(Component active, Component standby, ReplicationLink link) {

  static Pair find(Topology t, Facts facts, RoleModel model, String chosenActive)
      throws PlanningException {
    List<String> groups = t.roleGroups().stream().filter(g -> t.roleGroup(g).size() == 2).toList();
    if (groups.isEmpty()) {
      throw new PlanningException(
          "system " + t.system() + " has no role group with two members, so it has no standby");
    }
    List<Component> members = t.roleGroup(groups.get(0));
    Component active = pickActive(members, facts, model, chosenActive);
    Component standby = members.get(0) == active ? members.get(1) : members.get(0);
    ReplicationLink link =
        new ActivePair(active, standby)
            .link(t)
            .orElseThrow(
                () ->
                    new PlanningException(
                        "no replication link joins " + active.name() + " and " + standby.name()));
    return new Pair(active, standby, link);
  }

  private static Component pickActive(
      List<Component> members, Facts facts, RoleModel model, String chosen)
      throws PlanningException {
    if (chosen != null) {
      return members.stream()
          .filter(c -> c.name().equals(chosen))
          .findFirst()
          .orElseThrow(() -> new PlanningException(chosen + " is not a member of the role group"));
    }
    Optional<Component> observed =
        ActivePair.observedIn(members, facts, model).map(ActivePair::active);
    if (observed.isPresent()) {
      return observed.get();
    }
    return members.stream()
        .filter(c -> model.isActive(c.declaredRole()))
        .findFirst()
        .orElseThrow(
            () ->
                new PlanningException(
                    "no member of the role group is active, observed or declared"));
  }
}
