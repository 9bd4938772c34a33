package dev.baton.model;

import java.util.Map;

/**
 * The name clients use, the component it points at, how it is redirected, and the settings of that
 * redirection (a DNS server and zone, an HAProxy socket and backend, a file path, and the address
 * or server name of each component).
 */
public record EntryPoint(
    String name, String pointsAt, Redirection redirection, Map<String, String> properties) {

  public EntryPoint {
    properties = Map.copyOf(properties);
  }

  public EntryPoint(String name, String pointsAt, Redirection redirection) {
    this(name, pointsAt, redirection, Map.of());
  }

  /** The property that sets how long an entry point that holds clients may hold them. */
  public static final String PAUSE_BUDGET_MS = "pauseBudgetMs";

  /** The pause budget when the entry point sets none. */
  public static final java.time.Duration DEFAULT_PAUSE_BUDGET = java.time.Duration.ofSeconds(2);

  /** The bounds a pause budget must keep, in milliseconds. */
  public static final long MIN_PAUSE_BUDGET_MS = 100;

  public static final long MAX_PAUSE_BUDGET_MS = 60_000;

  /**
   * How long this entry point may hold its clients while the role changes ({@value
   * #PAUSE_BUDGET_MS}, default 2 s); the topology loader has checked the value.
   */
  public java.time.Duration pauseBudget() {
    String ms = properties.get(PAUSE_BUDGET_MS);
    return ms == null
        ? DEFAULT_PAUSE_BUDGET
        : java.time.Duration.ofMillis(Long.parseLong(ms.strip()));
  }

  /** A setting, or an {@link IllegalArgumentException} naming the entry point and the key. */
  public String require(String key) {
    String v = properties.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(
          "entry point "
              + name
              + " needs the property "
              + key
              + " for "
              + redirection.label()
              + " redirection");
    }
    return v;
  }
}
