package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.Optional;

/**
 * A planned role change (takeover, promote) only lands on a component whose replication links are
 * synced with no lag, so that no acknowledged write is left behind on the old active. Forced role
 * changes (failover, recover-active) are exempt: their old active is gone or given up, so the link
 * cannot be seen in step, and their own guards stand in (ADR 0019).
 */
public record TakeoverOntoSyncedStandby() implements Invariant {

  @Override
  public String name() {
    return "takeover-onto-synced-standby";
  }

  @Override
  public String describe() {
    return "a takeover only onto a synced standby";
  }

  @Override
  public Optional<String> violation(Topology topology, Facts facts, Step next) {
    if (next == null || next.action().verb().roleChange() != Verb.RoleChange.PLANNED) {
      return Optional.empty();
    }
    String target = next.action().target();
    for (ReplicationLink link : topology.links()) {
      if (!link.from().equals(target) && !link.to().equals(target)) {
        continue;
      }
      LinkState state = facts.link(link.key()).orElse(null);
      long lag = facts.lagBytes(link.key()).orElse(-1L);
      if (state != LinkState.SYNCED || lag != 0) {
        return Optional.of(
            "a takeover onto "
                + target
                + " would lose data: replication "
                + link.key()
                + " is "
                + (state == null ? "unknown" : state.label())
                + (lag > 0 ? " with " + Bytes.human(lag) + " not yet replayed" : ""));
      }
    }
    return Optional.empty();
  }
}
