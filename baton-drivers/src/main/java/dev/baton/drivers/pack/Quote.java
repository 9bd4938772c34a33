package dev.baton.drivers.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a value into a literal of the language it is spliced into, so that no value is ever read as
 * code: a PowerShell string for commands, an N'...' string for SQL.
 */
final class Quote {

  private Quote() {}

  /**
   * A single-quoted PowerShell string. A double quote, a percent sign or a line break is added as a
   * {@code [char]} value instead, because the script travels inside double quotes through cmd.exe
   * and powershell.exe's own command line, where those characters would be re-read.
   */
  static String powershell(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '%' || c == '\r' || c == '\n') {
        if (run.length() > 0 || parts.isEmpty()) {
          // A sum that starts with a [char] would add numbers; a leading string makes it text.
          parts.add(quoted(run));
        }
        parts.add("[char]" + (int) c);
        run.setLength(0);
      } else {
        run.append(c);
      }
    }
    if (run.length() > 0 || parts.isEmpty()) {
      parts.add(quoted(run));
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(" + ", parts) + ")";
  }

  private static String quoted(CharSequence s) {
    // PowerShell also ends a single-quoted string at the typographic single quotes.
    return "'" + s.toString().replaceAll("(['\u2018\u2019\u201a\u201b])", "$1$1") + "'";
  }

  /** A T-SQL Unicode string literal. */
  static String sql(String s) {
    return "N'" + s.replace("'", "''") + "'";
  }

  /** A PowerShell array of single-quoted strings, e.g. {@code @('a','b')}. */
  static String powershellArray(List<String> items) {
    return "@(" + String.join(",", items.stream().map(Quote::powershell).toList()) + ")";
  }
}
