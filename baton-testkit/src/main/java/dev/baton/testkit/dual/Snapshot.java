package dev.baton.testkit.dual;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The rows of the lab's tables on one server at one moment: table name, then id, then row. */
public record Snapshot(Map<String, Map<Long, Row>> tables) {

  /** One row's side and note. */
  public record Row(String side, String note) {}

  public Snapshot {
    Map<String, Map<Long, Row>> copy = new TreeMap<>();
    tables.forEach((t, rows) -> copy.put(t, Map.copyOf(rows)));
    tables = Map.copyOf(copy);
  }

  /** The row {@code key} of {@code table}, if the table has it. */
  public Optional<Row> row(String table, long key) {
    return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(key));
  }
}
