package dev.baton.drivers.sim;

import dev.baton.plan.Action;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the simulator knows about one system, exactly as stored in its state file: node
 * reachability, components, links (by link name), entry points, injected failures and the action
 * log.
 */
public final class SimState {
  // Grows with every rewrite of the state file, so a process caching it sees another one's write;
  // first in the file, so it can be read without reading the rest.
  long generation;
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

  // Not stored: the keys of the action log, for applied(key) in constant time; and what the action
  // in progress touched, so that only those parts are written (null while none is in progress).
  private transient Set<String> appliedKeys;
  private transient SimChange change;

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
    SimComponent c = require(components, name, "component");
    if (change != null) {
      change.components.put(name, c);
    }
    return c;
  }

  public SimLink link(String name) {
    SimLink l = require(links, name, "replication link");
    if (change != null) {
      change.links.put(name, l);
    }
    return l;
  }

  /** Points an entry point at a component. */
  void pointAt(String entryPoint, String component) {
    entryPoints.put(entryPoint, component);
    if (change != null) {
      change.entryPoints.put(entryPoint, component);
    }
  }

  /** A node's product-specific observations, to change them. */
  Map<String, String> nodePropertiesToChange(String node) {
    Map<String, String> props = nodeProps.computeIfAbsent(node, k -> new TreeMap<>());
    if (change != null) {
      change.nodeProps.put(node, props);
    }
    return props;
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
    if (appliedKeys == null) {
      appliedKeys = new HashSet<>();
      actions.forEach(a -> appliedKeys.add(a.key()));
    }
    return appliedKeys.contains(key);
  }

  /**
   * Starts recording what an action touches; {@link #log} ends it and returns the change, the parts
   * touched and the log entry, as one unit to store.
   */
  void beginChange() {
    change = new SimChange();
  }

  /** Forgets an action that did not complete; the caller discards this state. */
  void abandonChange() {
    change = null;
  }

  SimChange log(String key, Action action, String time, String landed) {
    SimAction a =
        new SimAction(
            actions.size() + 1L,
            key,
            action.verb().label(),
            action.target(),
            action.params(),
            time,
            ProcessHandle.current().pid(),
            landed);
    append(a);
    SimChange done = change == null ? new SimChange() : change;
    change = null;
    done.action = a;
    return done;
  }

  void append(SimAction a) {
    actions.add(a);
    if (appliedKeys != null) {
      appliedKeys.add(a.key());
    }
  }

  private static <T> T require(Map<String, T> map, String name, String what) {
    T value = map.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the simulator has no " + what + " named " + name);
    }
    return value;
  }
}
