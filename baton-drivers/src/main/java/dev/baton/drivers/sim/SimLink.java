package dev.baton.drivers.sim;

import dev.baton.facts.LinkState;

/** The simulated state of one replication link: synced, lagging or removed, and its lag. */
public final class SimLink {
  LinkState state = LinkState.SYNCED;
  long lagBytes;

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
    state = bytes > 0 ? LinkState.LAGGING : LinkState.SYNCED;
  }

  void remove() {
    state = LinkState.REMOVED;
    lagBytes = 0;
  }
}
