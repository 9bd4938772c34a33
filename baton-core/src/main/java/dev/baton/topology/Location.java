package dev.baton.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.utils.JsonNodes;

/** A 1-based line and column in a source text. */
record Location(int line, int column) {

  static final Location START = new Location(1, 1);

  Location {
    // Parsers report 0 or -1 when they do not know; an error must still point somewhere real.
    line = Math.max(1, line);
    column = Math.max(1, column);
  }

  static Location of(JsonLocation location) {
    return location == null ? START : new Location(location.getLineNr(), location.getColumnNr());
  }

  /**
   * Where {@code node} was written, or empty for a node the location-aware reader did not make (one
   * the schema library built while validating, such as a number it converted).
   */
  static java.util.Optional<Location> of(JsonNode node) {
    try {
      return java.util.Optional.of(of(JsonNodes.tokenLocationOf(node)));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
