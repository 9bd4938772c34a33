package dev.baton.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Where each value and each key of an input tree sits in the source text, by JSON pointer; built
 * once per file and shared by schema validation, conversion and cross-reference checks.
 */
public final class LocationMap {

  private final Map<String, Location> values = new HashMap<>();
  private final Map<String, Location> keys;

  private LocationMap(Map<String, Location> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** Values come from the location-aware tree; keys are not nodes, so the parser supplies them. */
  static LocationMap of(JsonNode root, Map<String, Location> keys) {
    LocationMap map = new LocationMap(keys);
    map.record("", root);
    return map;
  }

  private void record(String pointer, JsonNode node) {
    values.put(pointer, Location.of(node).orElse(Location.START));
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        record(Pointers.child(pointer, field.getKey()), field.getValue());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        record(Pointers.child(pointer, i), node.get(i));
      }
    }
  }

  /** Where the value at {@code pointer} starts, or where its nearest present ancestor starts. */
  Location value(String pointer) {
    for (String p = pointer; ; p = Pointers.parent(p)) {
      Location at = values.get(p);
      if (at != null || p.isEmpty()) {
        return at == null ? Location.START : at;
      }
    }
  }

  /** Where the key of the member at {@code pointer} is written, falling back to its value. */
  Location key(String pointer) {
    Location at = keys.get(pointer);
    return at == null ? value(pointer) : at;
  }
}
