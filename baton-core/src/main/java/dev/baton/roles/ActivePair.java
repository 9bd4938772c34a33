package dev.baton.roles;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import java.util.List;
import java.util.Optional;

/**
 * The active member of a two-member role group and the other member, its standby: the pair that a
 * takeover, a switchover or a watcher works on.
 */
public record ActivePair(Component active, Component standby) {

  /**
   * The first two-member role group of which the facts show a member active, or empty when no such
   * member answers as active (a declared role does not count: this is what is running now).
   */
  public static Optional<ActivePair> observed(Topology t, Facts facts, RoleModel model) {
    for (String group : t.roleGroups()) {
      Optional<ActivePair> pair = observedIn(t.roleGroup(group), facts, model);
      if (pair.isPresent()) {
        return pair;
      }
    }
    return Optional.empty();
  }

  /** The member of a two-member group that the facts show active, the first if both claim it. */
  public static Optional<ActivePair> observedIn(
      List<Component> members, Facts facts, RoleModel model) {
    if (members.size() != 2) {
      return Optional.empty();
    }
    for (int i = 0; i < 2; i++) {
      Component active = members.get(i);
      if (model.isActive(facts.role(active.name()).orElse(null))) {
        return Optional.of(new ActivePair(active, members.get(1 - i)));
      }
    }
    return Optional.empty();
  }

  /** The replication link that joins the two, in either direction. */
  public Optional<ReplicationLink> link(Topology t) {
    return t.links().stream().filter(this::joins).findFirst();
  }

  private boolean joins(ReplicationLink l) {
    String a = active.name();
    String b = standby.name();
    return (l.from().equals(a) && l.to().equals(b)) || (l.from().equals(b) && l.to().equals(a));
  }
}
