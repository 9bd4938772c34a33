package dev.baton.drivers.sim;

import dev.baton.engine.DriverException;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a simulated system from its topology: declared versions, roles and entry points, every
 * link synced and every node up, then the faults and values the topology's {@code sim:} section
 * sets.
 */
final class SimSeed {

  private static final Set<String> KEYS =
      Set.of(
          "lagBytes",
          "sessions",
          "transitorySessions",
          "stuckSessions",
          "nodesDown",
          "failActions",
          "services",
          "disk",
          "integrityErrors",
          "properties",
          "splitHours",
          "splitChanges",
          "ports",
          "resetPorts",
          "backupWarnings");

  private final Topology topology;
  private final Map<String, Object> sim;

  private SimSeed(Topology topology) {
    this.topology = topology;
    this.sim = topology.sim();
  }

  /** The state of a system the simulator sees for the first time. */
  static SimState create(Topology topology) throws DriverException {
    SimSeed seed = new SimSeed(topology);
    seed.checkKeys();
    SimState state = new SimState(topology.system());
    seed.addMissing(state);
    state.splitHours = seed.scalar("splitHours");
    for (String failure : seed.names("failActions")) {
      state.failActions.add(failure.trim());
    }
    return state;
  }

  /**
   * Adds what the topology declares but the state lacks, so a topology that grew since the file was
   * written still observes completely; what the state already holds is never reset. Returns whether
   * it added anything.
   */
  static boolean addMissing(SimState state, Topology topology) throws DriverException {
    return new SimSeed(topology).addMissing(state);
  }

  private boolean addMissing(SimState state) throws DriverException {
    int before =
        state.reachable.size()
            + state.nodeProps.size()
            + state.components.size()
            + state.links.size()
            + state.entryPoints.size();
    List<String> down = names("nodesDown");
    for (Node n : topology.nodes()) {
      state.reachable.putIfAbsent(n.name(), !down.contains(n.name()));
      if (!state.nodeProps.containsKey(n.name())) {
        state.nodeProps.put(n.name(), new java.util.TreeMap<>(properties(n.name())));
      }
    }
    for (Component c : topology.components()) {
      if (!state.components.containsKey(c.name())) {
        state.components.put(c.name(), component(c));
      }
    }
    for (ReplicationLink l : topology.links()) {
      if (!state.links.containsKey(l.name())) {
        state.links.put(l.name(), new SimLink(number("lagBytes", l.name())));
      }
    }
    for (EntryPoint e : topology.entryPoints()) {
      state.entryPoints.putIfAbsent(e.name(), e.pointsAt());
    }
    return before
        != state.reachable.size()
            + state.nodeProps.size()
            + state.components.size()
            + state.links.size()
            + state.entryPoints.size();
  }

  private SimComponent component(Component c) throws DriverException {
    SimComponent sc = new SimComponent(c.version(), c.declaredRole());
    sc.sessions = (int) number("sessions", c.name());
    sc.transitorySessions = (int) number("transitorySessions", c.name());
    sc.stuckSessions = (int) number("stuckSessions", c.name());
    sc.service = service(c.name());
    disk(c.name(), sc);
    if (names("integrityErrors").contains(c.name())) {
      sc.integrity = "consistency errors";
    }
    sc.props.putAll(properties(c.name()));
    Object changes = section("splitChanges").get(c.name());
    if (changes != null) {
      if (!(changes instanceof List<?> l)) {
        throw bad("splitChanges." + c.name(), "a list of changes", changes);
      }
      l.forEach(x -> sc.changes.add(String.valueOf(x)));
    }
    Object ports = section("ports").get(c.name());
    sc.ports = ports == null ? null : ports.toString().trim();
    sc.resetPortsOnInstall = names("resetPorts").contains(c.name());
    Object warnings = section("backupWarnings").get(c.name());
    sc.backupWarnings = warnings == null ? null : warnings.toString().trim();
    return sc;
  }

  // sim.disk.<component>: {free, log, data} in bytes; a missing number keeps its default.
  private void disk(String component, SimComponent sc) throws DriverException {
    Object v = section("disk").get(component);
    if (v == null) {
      return;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw bad("disk." + component, "a map of free, log and data to byte counts", v);
    }
    for (Object key : m.keySet()) {
      if (!List.of("free", "log", "data").contains(String.valueOf(key))) {
        throw bad("disk." + component + "." + key, "one of free, log or data", key);
      }
    }
    sc.freeBytes = bytes(m, "free", component, sc.freeBytes);
    sc.logBytes = bytes(m, "log", component, sc.logBytes);
    sc.dataBytes = bytes(m, "data", component, sc.dataBytes);
  }

  private static long bytes(Map<?, ?> m, String key, String component, long fallback)
      throws DriverException {
    Object v = m.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      long n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the key that holds it
    }
    throw bad("disk." + component + "." + key, "a whole number of bytes of at least 0", v);
  }

  private ServiceState service(String component) throws DriverException {
    Object v = section("services").get(component);
    if (v == null) {
      return ServiceState.RUNNING;
    }
    try {
      return ServiceState.valueOf(v.toString().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("services." + component, "running or stopped", v);
    }
  }

  // sim.properties.<component or node>: {key: value}, observed as the property <name>.<key>.
  private Map<String, String> properties(String name) throws DriverException {
    Object v = section("properties").get(name);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw bad("properties." + name, "a map of keys to values", v);
    }
    Map<String, String> out = new java.util.TreeMap<>();
    m.forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
    return out;
  }

  private long scalar(String key) throws DriverException {
    Object v = sim.get(key);
    if (v == null) {
      return 0;
    }
    try {
      long n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "a whole number of at least 0", v);
  }

  private long number(String key, String name) throws DriverException {
    Object v = section(key).get(name);
    if (v == null) {
      return 0;
    }
    try {
      long n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the key that holds it
    }
    throw bad(key + "." + name, "a whole number of at least 0", v);
  }

  private Map<?, ?> section(String key) throws DriverException {
    Object v = sim.get(key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw bad(key, "a map of names to values", v);
  }

  private List<String> names(String key) throws DriverException {
    Object v = sim.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    throw bad(key, "a list", v);
  }

  // Every name the sim section mentions must exist, so a typo fails loudly instead of silently
  // simulating a healthy system.
  private void checkKeys() throws DriverException {
    for (String key : sim.keySet()) {
      if (!KEYS.contains(key)) {
        throw new DriverException(
            "topology sim has an unknown key '" + key + "'; expected one of " + sortedKeys(), "");
      }
    }
    checkNames("lagBytes", section("lagBytes").keySet(), linkNames(), "replication link");
    checkNames("nodesDown", names("nodesDown"), nodeNames(), "node");
    checkNames("integrityErrors", names("integrityErrors"), componentNames(), "component");
    checkNames("resetPorts", names("resetPorts"), componentNames(), "component");
    for (String key :
        List.of(
            "sessions",
            "transitorySessions",
            "stuckSessions",
            "services",
            "disk",
            "splitChanges",
            "ports",
            "backupWarnings")) {
      checkNames(key, section(key).keySet(), componentNames(), "component");
    }
    Set<String> named = new java.util.HashSet<>(componentNames());
    named.addAll(nodeNames());
    checkNames("properties", section("properties").keySet(), named, "component or node");
  }

  private static void checkNames(
      String key, java.util.Collection<?> used, Set<String> known, String what)
      throws DriverException {
    for (Object name : used) {
      if (!known.contains(String.valueOf(name))) {
        throw new DriverException(
            "topology sim." + key + " names " + what + " " + name + ", which the topology lacks",
            "");
      }
    }
  }

  private Set<String> linkNames() {
    return Set.copyOf(topology.links().stream().map(ReplicationLink::name).toList());
  }

  private Set<String> nodeNames() {
    return Set.copyOf(topology.nodes().stream().map(Node::name).toList());
  }

  private Set<String> componentNames() {
    return Set.copyOf(topology.components().stream().map(Component::name).toList());
  }

  private static List<String> sortedKeys() {
    return KEYS.stream().sorted().toList();
  }

  private static DriverException bad(String key, String expected, Object got) {
    return new DriverException(
        "topology sim." + key + " must be " + expected + ", not '" + got + "'", "");
  }
}
