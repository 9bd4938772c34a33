package dev.baton.pack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The facts a pack's probes can read, and the named groups each one's pattern must have. */
public enum ProbeKind {
  VERSION("version"),
  SERVICE("service"),
  ROLE("role"),
  SESSIONS("sessions"),
  TRANSITORY_SESSIONS("transitory-sessions"),
  FREE_SPACE("free-space", "free", "log", "data"),
  INTEGRITY("integrity"),
  DRAINED("drained"),
  BACKUP("backup"),
  // Lines of key=value, each the property <component>.<key>; a key starting with @ names its
  // subject in full (a node's or a replication link's property).
  PROPERTIES("properties", "key", "value");

  private final String label;
  private final List<String> groups;

  ProbeKind(String label, String... groups) {
    this.label = label;
    this.groups = List.of(groups);
  }

  /** The word in pack files and messages. */
  public String label() {
    return label;
  }

  /** Named groups the pattern must capture; none means the value is group 1. */
  public List<String> groups() {
    return groups;
  }

  static Optional<ProbeKind> parse(String label) {
    return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst();
  }

  static List<String> labels() {
    return Arrays.stream(values()).map(p -> p.label).toList();
  }
}
