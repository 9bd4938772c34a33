package dev.baton.topology;

import com.fasterxml.jackson.core.JsonLocation;

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

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
