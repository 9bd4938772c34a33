package dev.baton.model;

/** Replication from one component to another, or both ways when {@code bidirectional}. */
public record ReplicationLink(
    String name, String from, String to, String kind, boolean bidirectional, int order) {

  /**
   * The subject of this link's facts: its name, because two links may join the same pair of
   * components (seed 002 replicates two databases between the same servers).
   */
  public String key() {
    return name;
  }

  /** {@code db-a -> db-b}, or {@code db-a <-> db-b} when bidirectional, for sentences. */
  public String endpoints() {
    return from + (bidirectional ? " <-> " : " -> ") + to;
  }
}
