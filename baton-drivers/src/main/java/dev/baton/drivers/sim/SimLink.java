package dev.baton.drivers.sim;

import dev.baton.facts.LinkState;

/** The simulated state of one replication link: synced, lagging or removed, and its lag. */
public final class SimLink {
  LinkState state = LinkState.SYNCED;
  long lagBytes;
  // When the link was removed (ISO-8601), or null while it replicates.
  String removedAt;

  SimLink() {} // for Jackson

  SimLink(long lagBytes) {
    setLag(lagBytes);
  }

  public LinkState state() {
    return state;
  }

  public long lagBytes() {
    return lagBytes;
  }

  /** A lag above zero is what makes a link lagging; zero means it has caught up. */
  void setLag(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("lag cannot be negative: " + bytes);
    }
    lagBytes = bytes;
    removedAt = null;
    state = bytes > 0 ? LinkState.LAGGING : LinkState.SYNCED;
  }

  /** Removes the link; {@code at} is when, and stays until the link is rebuilt. */
  void remove(java.time.Instant at) {
    if (state != LinkState.REMOVED) {
      removedAt = at.toString();
    }
    state = LinkState.REMOVED;
    lagBytes = 0;
  }

  public java.util.Optional<String> removedAt() {
    return java.util.Optional.ofNullable(removedAt);
  }
}
