package dev.baton.drivers.sim;

import dev.baton.plan.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the simulator knows about one system, exactly as stored in its state file: node
 * reachability, components, links (by link name), entry points, injected failures and the action
 * log.
 */
public final class SimState {
  String system;
  Map<String, Boolean> reachable = new TreeMap<>();
  Map<String, SimComponent> components = new TreeMap<>();
  Map<String, SimLink> links = new TreeMap<>();
  Map<String, String> entryPoints = new TreeMap<>();
  // Product-specific observations per node, each observed as the property <node>.<key>.
  Map<String, Map<String, String>> nodeProps = new TreeMap<>();
  // How many hours before a removal the sides count as split (a test's way to age a split).
  long splitHours;
  List<String> failActions = new ArrayList<>();
  List<SimAction> actions = new ArrayList<>();

  SimState() {} // for Jackson

  SimState(String system) {
    this.system = system;
  }

  public String system() {
    return system;
  }

  /** Whether a node answers; a node the simulator has never heard of does not. */
  public boolean reachable(String node) {
    return Boolean.TRUE.equals(reachable.get(node));
  }

  public SimComponent component(String name) {
    return require(components, name, "component");
  }

  public SimLink link(String name) {
    return require(links, name, "replication link");
  }

  public Optional<String> pointsAt(String entryPoint) {
    return Optional.ofNullable(entryPoints.get(entryPoint));
  }

  /** A node's product-specific observations by key. */
  public Map<String, String> nodeProperties(String node) {
    return Map.copyOf(nodeProps.getOrDefault(node, Map.of()));
  }

  /** Injected failures, each as {@code "verb target"}. */
  public List<String> failActions() {
    return List.copyOf(failActions);
  }

  public List<SimAction> actions() {
    return List.copyOf(actions);
  }

  /** Whether an action tagged with {@code key} has been carried out. */
  public boolean applied(String key) {
    return actions.stream().anyMatch(a -> key.equals(a.key()));
  }

  void log(String key, Action action, String time) {
    actions.add(
        new SimAction(
            actions.size() + 1L,
            key,
            action.verb().label(),
            action.target(),
            action.params(),
            time,
            ProcessHandle.current().pid()));
  }

  private static <T> T require(Map<String, T> map, String name, String what) {
    T value = map.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the simulator has no " + what + " named " + name);
    }
    return value;
  }
}
