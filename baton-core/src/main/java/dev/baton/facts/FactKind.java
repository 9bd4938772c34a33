package dev.baton.facts;

import dev.baton.model.Version;

/** What a fact is about, and the Java type its value must have. */
public enum FactKind {
  /** Role of a component, as the role model names it (active, standby, primary, …). */
  ROLE(String.class),
  /** Version a component reports running. */
  VERSION(Version.class),
  /** Whether a component's service runs: {@link ServiceState}. */
  SERVICE(ServiceState.class),
  /** State of a replication link, keyed {@code from->to}: {@link LinkState}. */
  LINK(LinkState.class),
  /** Bytes a link's target is behind its source, keyed {@code from->to}. */
  LAG_BYTES(Long.class),
  /** Current client sessions on a component (backup/restore sessions, connections). */
  SESSIONS(Integer.class),
  /** Sessions in a transitory state (preparing, suspending, recovering). */
  TRANSITORY_SESSIONS(Integer.class),
  /** Whether a node answers at all. */
  REACHABLE(Boolean.class),
  /** The component an entry point currently points at. */
  POINTS_AT(String.class),
  /** Label of the newest verified backup of a component. */
  BACKUP(String.class),
  /** Whether new sessions are refused (drained) on a component. */
  DRAINED(Boolean.class),
  /** Whether the action with this idempotency key has taken effect on the target. */
  APPLIED(Boolean.class),
  /** Anything a pack observes that has no kind of its own. */
  PROPERTY(String.class);

  private final Class<?> type;

  FactKind(Class<?> type) {
    this.type = type;
  }

  public Class<?> type() {
    return type;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
