package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import java.util.Optional;
import java.util.Set;

/**
 * A takeover or promote only lands on a component whose replication links are synced with no lag,
 * so that no acknowledged write is left behind on the old active.
 */
public record TakeoverOntoSyncedStandby() implements Invariant {

  private static final Set<String> ROLE_CHANGES = Set.of("takeover", "promote", "switchover");

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
    if (next == null || !ROLE_CHANGES.contains(next.action().verb())) {
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
