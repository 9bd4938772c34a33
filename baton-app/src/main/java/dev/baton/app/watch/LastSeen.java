package dev.baton.app.watch;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.Property;
import java.time.Instant;

/**
 * The replication link as the watcher saw it at the last heartbeat the active passed: the bound on
 * what a failover may lose. {@code syncState} is the active's view of its standby ({@code sync},
 * {@code async}, ..., or {@code none} when it was not streaming); {@code lagBytes} is -1 when
 * unknown.
 */
public record LastSeen(Instant at, String linkKey, String syncState, long lagBytes) {

  public static LastSeen never(String linkKey) {
    return new LastSeen(null, linkKey, "none", -1);
  }

  public static LastSeen of(Facts f, String linkKey, Instant at) {
    boolean streaming = f.link(linkKey).map(s -> s != LinkState.REMOVED).orElse(false);
    if (!streaming) {
      return new LastSeen(at, linkKey, "none", -1);
    }
    return new LastSeen(
        at,
        linkKey,
        f.property(Property.SYNC_STATE.of(linkKey)).orElse("async"),
        f.lagBytes(linkKey).orElse(-1L));
  }
}
