package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.invariant.Bytes;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** The standby's replication link is synced and behind by at most {@code maxLagBytes}. */
public record StandbySynced(String linkKey, String standby, long maxLagBytes) implements Guard {

  @Override
  public String name() {
    return "standby-synced";
  }

  @Override
  public String describe() {
    return "replication "
        + linkKey
        + " is synced"
        + (maxLagBytes > 0 ? " within " + Bytes.human(maxLagBytes) : " with no lag");
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(linkKey, standby);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<LinkState> state = facts.link(linkKey);
    Optional<Long> measured = facts.lagBytes(linkKey);
    if (state.isEmpty()) {
      return Optional.of("the replication state of " + linkKey + " is unknown");
    }
    if (state.get() == LinkState.REMOVED) {
      return Optional.of(
          "replication " + linkKey + " is removed, so " + standby + " is not synced");
    }
    if (state.get() == LinkState.LAGGING && measured.isEmpty()) {
      return Optional.of(
          "standby " + standby + " lags behind by an unknown amount (" + linkKey + ")");
    }
    long lag = measured.orElse(0L);
    if (lag > maxLagBytes) {
      return Optional.of(
          "standby " + standby + " lags " + Bytes.human(lag) + " behind (" + linkKey + ")");
    }
    return Optional.empty();
  }
}
