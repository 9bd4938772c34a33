package dev.baton.strategy;

import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One side of a registration-master system as primary-first upgrades it (seed 000): its master (the
 * component whose {@code role} property says so, else the lowest {@code order}), its other members,
 * and the counterpart of each component on the other side.
 */
record SideLayout(String side, Component master, List<Component> members) {

  static final String MASTER_ROLE = "registration-master";

  /** The component property that may say {@value #MASTER_ROLE}. */
  static final String ROLE = "role";

  static SideLayout of(Topology t, String side) throws PlanningException {
    List<Component> on = new ArrayList<>(t.componentsOnSide(side));
    if (on.isEmpty()) {
      throw new PlanningException("side " + side + " of " + t.system() + " has no components");
    }
    on.sort(Comparator.comparingInt(Component::order));
    Component master =
        on.stream()
            .filter(c -> MASTER_ROLE.equals(c.properties().get(ROLE)))
            .findFirst()
            .orElse(on.get(0));
    on.remove(master);
    return new SideLayout(side, master, List.copyOf(on));
  }

  /** The master first, then the members: the order in which the side is upgraded and started. */
  List<Component> inOrder() {
    List<Component> all = new ArrayList<>();
    all.add(master);
    all.addAll(members);
    return all;
  }

  /** This side's entry points: those the topology declares pointing at one of its components. */
  List<EntryPoint> entryPoints(Topology t, Component c) {
    return t.entryPoints().stream().filter(ep -> ep.pointsAt().equals(c.name())).toList();
  }

  /**
   * The component on {@code other} that stands in for {@code c}: the member of the same role group,
   * else the one in the same position (master for master, n-th member for n-th member).
   */
  Optional<Component> counterpart(Component c, SideLayout other) {
    if (c.roleGroup() != null && !c.roleGroup().isEmpty()) {
      Optional<Component> sameGroup =
          other.inOrder().stream().filter(o -> c.roleGroup().equals(o.roleGroup())).findFirst();
      if (sameGroup.isPresent()) {
        return sameGroup;
      }
    }
    int i = inOrder().indexOf(c);
    return i < other.inOrder().size() ? Optional.of(other.inOrder().get(i)) : Optional.empty();
  }
}
