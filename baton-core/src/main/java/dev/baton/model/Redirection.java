package dev.baton.model;

import java.util.Locale;

/** The ways an entry point can be moved from one component to another. */
public enum Redirection {
  DNS,
  HOSTS_FILE,
  CONNECTION_STRING,
  LOAD_BALANCER,
  /** A connection pooler (PgBouncer): it can hold its clients while the role changes. */
  POOLER,
  SCRIPT,
  NONE;

  public static Redirection parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /**
   * Whether the entry point can hold its clients (they wait instead of failing) while the role
   * changes, so that a switchover holds them before the fence and releases them after the promote.
   */
  public boolean holdsClients() {
    return this == POOLER;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
