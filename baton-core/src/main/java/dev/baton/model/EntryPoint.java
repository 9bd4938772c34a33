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
