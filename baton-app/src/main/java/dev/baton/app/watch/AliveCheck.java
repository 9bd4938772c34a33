package dev.baton.app.watch;

import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.topology.PropertyKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One is-alive check of the active. Every heartbeat runs all of them, and the active passes only if
 * none fails.
 */
public sealed interface AliveCheck permits TcpCheck, DatabaseCheck, ScriptCheck {

  /** The properties of the active that {@code watch} reads, whatever the driver. */
  List<PropertyKey> PROPERTIES =
      List.of(
          PropertyKey.exact("host", "the address baton watch checks the active at", "127.0.0.1"),
          PropertyKey.exact(
              "port", "the port baton watch checks the active listens on", "none: no TCP check"));

  /** Why the check failed on this heartbeat, or empty when it passed. */
  Optional<String> failure(Sight sight);

  /** What the check is, for a sentence about it. */
  String label();

  /** Whether the check judges the driver's observation; the others run on their own. */
  default boolean needsSight() {
    return false;
  }

  /**
   * The checks of the target's active: a TCP connect when it declares a port, the database check,
   * and {@code checkScript} when one is given. Each may take a heartbeat, and at least a second.
   */
  static List<AliveCheck> forActive(
      Topology t, WatchTarget target, Duration heartbeat, String checkScript) {
    Component active = t.requireComponent(target.active());
    Map<String, String> p = active.properties();
    String host = p.getOrDefault("host", "127.0.0.1");
    String port = p.getOrDefault("port", "");
    Duration checkTimeout =
        heartbeat.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : heartbeat;
    List<AliveCheck> checks = new ArrayList<>();
    if (port.matches("\\d{1,5}")) {
      checks.add(new TcpCheck(active.name(), host, Integer.parseInt(port), checkTimeout));
    }
    checks.add(new DatabaseCheck(active.name(), target.activeRole()));
    if (checkScript != null && !checkScript.isBlank()) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("BATON_SYSTEM", t.system());
      env.put("BATON_ACTIVE", active.name());
      env.put("BATON_HOST", host);
      env.put("BATON_PORT", port);
      checks.add(new ScriptCheck(checkScript, env, checkTimeout));
    }
    return checks;
  }
}
