package dev.baton.model;

/** Replication from one component to another, or both ways when {@code bidirectional}. */
public record ReplicationLink(
    String name, String from, String to, String kind, boolean bidirectional, int order) {

  /** The key used for this link's facts, e.g. {@code db-a->db-b}. */
  public String key() {
    return from + "->" + to;
  }
}
