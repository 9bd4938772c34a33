package dev.baton.drivers.pooler;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the {@code [databases]} section of a PgBouncer configuration file, e.g. {@code appdb
 * = host=10.0.0.5 port=5432 dbname=app}: found, and rewritten to another host and port with
 * everything else on the line (and in the file) kept as it was.
 */
final class DatabaseEntry {

  private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^]]+)]\\s*$");
  // key=value pairs of a libpq-style string; a value may be single-quoted with \' and \\ escapes.
  private static final Pattern PAIR =
      Pattern.compile("([A-Za-z_]+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S*)");

  private DatabaseEntry() {}

  /** The file with {@code database}'s entry pointing at {@code host}:{@code port}. */
  static String repoint(String file, String text, String database, String host, int port) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int at = find(file, lines, database);
    String line = lines.get(at);
    int eq = line.indexOf('=');
    String key = line.substring(0, eq + 1);
    String value = line.substring(eq + 1);
    String replaced = set(set(value, "port", Integer.toString(port)), "host", host);
    lines.set(at, key + replaced);
    return String.join("\n", lines);
  }

  /**
   * Where {@code database}'s entry points, as {@code host:port} (PgBouncer's defaults when the
   * entry leaves one out: a Unix socket, port 5432).
   */
  static String target(String file, String text, String database) {
    List<String> lines = List.of(text.split("\n", -1));
    String line = lines.get(find(file, lines, database));
    String value = line.substring(line.indexOf('=') + 1);
    String host = "";
    String port = "5432";
    Matcher m = PAIR.matcher(value);
    while (m.find()) {
      String v = m.group(2);
      if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
        v = v.substring(1, v.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
      }
      if (m.group(1).equals("host")) {
        host = v;
      } else if (m.group(1).equals("port")) {
        port = v;
      }
    }
    return host + ":" + port;
  }

  /** The line index of {@code database}'s entry; refuses a file without exactly one. */
  private static int find(String file, List<String> lines, String database) {
    String section = "";
    int found = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      Matcher m = SECTION.matcher(l);
      if (m.matches()) {
        section = m.group(1).strip().toLowerCase(java.util.Locale.ROOT);
        continue;
      }
      String t = l.strip();
      if (!section.equals("databases") || t.isEmpty() || t.startsWith(";") || t.startsWith("#")) {
        continue;
      }
      int eq = t.indexOf('=');
      if (eq > 0 && t.substring(0, eq).strip().equals(database)) {
        if (found >= 0) {
          throw new IllegalStateException(
              file + " names database " + database + " twice in [databases]");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw new IllegalStateException(
          file + " has no entry for database " + database + " in its [databases] section");
    }
    return found;
  }

  /** {@code value} with {@code key} set (replaced in place, or added at the front). */
  private static String set(String value, String key, String to) {
    Matcher m = PAIR.matcher(value);
    StringBuilder out = new StringBuilder();
    boolean done = false;
    while (m.find()) {
      if (m.group(1).equals(key) && !done) {
        m.appendReplacement(out, Matcher.quoteReplacement(key + "=" + to));
        done = true;
      }
    }
    m.appendTail(out);
    if (done) {
      return out.toString();
    }
    String kept = value.stripLeading();
    String lead = value.substring(0, value.length() - kept.length());
    return lead.isEmpty() ? " " + key + "=" + to + " " + kept : lead + key + "=" + to + " " + kept;
  }
}
