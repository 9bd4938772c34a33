package dev.baton.facts;

/** State of a replication link. */
public enum LinkState {
  SYNCED,
  LAGGING,
  REMOVED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
