package dev.baton.drivers.pack;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.model.Version;
import dev.baton.pack.ProbeKind;
import java.util.Locale;
import java.util.regex.Matcher;

/** Turns a probe's output into the facts the guards read, or says why it cannot. */
final class Readings {

  private Readings() {}

  /**
   * Adds what {@code output} says to {@code facts}. Output the pattern does not match adds nothing
   * (the fact stays unknown); a match that is not a value of the right type is refused.
   */
  static void add(Facts.Builder facts, ProbeKind kind, String component, Matcher m) {
    if (kind == ProbeKind.PROPERTIES) {
      while (m.find()) {
        String key = m.group("key").strip();
        String subject = key.startsWith("@") ? key.substring(1) : component + "." + key;
        facts.add(FactKind.PROPERTY, subject, m.group("value").strip());
      }
      return;
    }
    if (!m.find()) {
      return;
    }
    String v = kind.groups().isEmpty() ? m.group(1).strip() : "";
    switch (kind) {
      case VERSION -> facts.add(FactKind.VERSION, component, Version.parse(v));
      case SERVICE -> facts.add(FactKind.SERVICE, component, service(v));
      case ROLE -> facts.add(FactKind.ROLE, component, v.toLowerCase(Locale.ROOT));
      case SESSIONS -> facts.add(FactKind.SESSIONS, component, count(v));
      case TRANSITORY_SESSIONS -> facts.add(FactKind.TRANSITORY_SESSIONS, component, count(v));
      case FREE_SPACE -> {
        facts.add(FactKind.PROPERTY, Property.FREE_BYTES.of(component), bytes(m.group("free")));
        facts.add(FactKind.PROPERTY, Property.LOG_BYTES.of(component), bytes(m.group("log")));
        facts.add(FactKind.PROPERTY, Property.DATA_BYTES.of(component), bytes(m.group("data")));
      }
      case INTEGRITY -> facts.add(FactKind.PROPERTY, Property.INTEGRITY.of(component), v);
      case DRAINED -> facts.add(FactKind.DRAINED, component, bool(v));
      case BACKUP -> facts.add(FactKind.BACKUP, component, v);
      case PROPERTIES -> throw new IllegalStateException("read above");
    }
  }

  private static ServiceState service(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "running" -> ServiceState.RUNNING;
      case "stopped" -> ServiceState.STOPPED;
      default -> throw new IllegalArgumentException("'" + v + "' is neither running nor stopped");
    };
  }

  private static int count(String v) {
    if (!v.matches("[0-9]{1,9}")) {
      throw new IllegalArgumentException("'" + v + "' is not a count");
    }
    return Integer.parseInt(v);
  }

  private static String bytes(String v) {
    if (v == null || !v.strip().matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException("'" + v + "' is not a number of bytes");
    }
    return v.strip();
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'" + v + "' is neither true nor false");
    };
  }
}
