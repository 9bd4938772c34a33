package dev.baton.fleet;

import java.util.List;

/**
 * A fleet as its file defines it: the systems in order with their waves, the rollout and every
 * limit. {@code text} is the file as read, so that the journal can tell a changed definition.
 */
public record Fleet(
    String name,
    String source,
    String text,
    Rollout rollout,
    List<FleetMember> members,
    List<Limit> limits) {

  public Fleet {
    members = List.copyOf(members);
    limits = List.copyOf(limits);
  }

  /** How many waves the systems fall into. */
  public int waves() {
    return members.stream().mapToInt(FleetMember::wave).max().orElse(-1) + 1;
  }
}
