package dev.baton.drivers.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one action changed, as one line of the change log: the new value of every part it touched
 * and its log entry, so that both land together or neither does. {@code generation} is the state
 * file's generation it applies to; a line of an older one was already folded into the file.
 */
final class SimChange {
  long generation;
  Map<String, SimComponent> components = new TreeMap<>();
  Map<String, SimLink> links = new TreeMap<>();
  Map<String, String> entryPoints = new TreeMap<>();
  Map<String, Map<String, String>> nodeProps = new TreeMap<>();
  SimAction action;

  /** Applies this change to {@code state}, as the action did to the state it ran on. */
  void applyTo(SimState state) {
    state.components.putAll(components);
    state.links.putAll(links);
    state.entryPoints.putAll(entryPoints);
    nodeProps.forEach((node, props) -> state.nodeProps.put(node, new TreeMap<>(props)));
    if (action != null) {
      state.append(action);
    }
  }

  /** How many parts it touched, for tests that pin what an action writes. */
  int parts() {
    return components.size() + links.size() + entryPoints.size() + nodeProps.size();
  }
}
