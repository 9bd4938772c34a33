package dev.baton.testkit.dual;

import java.util.List;

/** What a statement returned: its column names and rows, every value as text (SQL NULL as null). */
public record SqlResult(List<String> columns, List<List<String>> rows) {

  /** The first column of the first row, or null if there is none. */
  public String value() {
    return rows.isEmpty() ? null : rows.get(0).get(0);
  }
}
