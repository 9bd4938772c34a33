package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Points a standby at its primary by rewriting the one {@code primary_conninfo} line of its
 * postgresql.auto.conf: every earlier line is removed, the keys the operator wrote (user, passfile,
 * sslmode, …) are kept, and only where to connect and under which name is replaced. Other settings
 * are written the same way, one line each. Writing twice gives the same file.
 */
final class AutoConf {

  static final String FILE = "postgresql.auto.conf";
  private static final String KEY = "primary_conninfo";

  private AutoConf() {}

  /** Rewrites the standby's file so that it streams from {@code primary}. */
  static void pointAt(PgConfig standby, Transport t, PgConfig primary) throws DriverException {
    pointAt(standby, t, primary, Map.of());
  }

  /**
   * As {@link #pointAt(PgConfig, Transport, PgConfig)}, with each of {@code settings} (in their
   * order) on exactly one line too: a new standby's slot and its own port, say.
   */
  static void pointAt(PgConfig standby, Transport t, PgConfig primary, Map<String, String> settings)
      throws DriverException {
    String path = standby.dataDir() + "/" + FILE;
    String before = t.readFile(path).orElse("");
    String after;
    try {
      after = rewrite(before, standby, primary);
      for (Map.Entry<String, String> e : settings.entrySet()) {
        after = set(after, e.getKey(), e.getValue());
      }
    } catch (IllegalArgumentException e) {
      throw new DriverException(
          "cannot point " + standby.name() + " at " + primary.name() + ": " + e.getMessage(), path);
    }
    if (after.equals(before)) {
      return;
    }
    // Through a temporary file and a rename, as ALTER SYSTEM does (and with its name, which the
    // server removes when it finds one left over): a kill mid-write leaves the old file whole.
    PgActions.run(
        t,
        standby,
        "sh",
        "-c",
        "umask 077 && printf '%s' \"$1\" > \"$2.tmp\" && mv -f \"$2.tmp\" \"$2\"",
        "sh",
        after,
        path);
  }

  /** The file's content with exactly one primary_conninfo line, naming {@code primary}. */
  static String rewrite(String content, PgConfig standby, PgConfig primary) {
    Conninfo old =
        current(content).orElse(new Conninfo(java.util.Map.of("user", standby.dbUser())));
    // hostaddr would win over host, so it goes with the old host. A password is not carried
    // over: the new file reaches the node as a command's argument, which the process list and
    // the step's evidence show; a passfile (.pgpass) is kept and is the way (docs/postgresql.md).
    Conninfo ci =
        old.without("hostaddr")
            .without("password")
            .with("host", primary.host())
            .with("port", Integer.toString(primary.port()))
            .with("application_name", standby.applicationName());
    return set(content, KEY, ci.toString());
  }

  /**
   * The file's content with exactly one line setting {@code key} to {@code value}, where the last
   * earlier one was (else at the end).
   */
  static String set(String content, String key, String value) {
    String line = key + " = '" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    List<String> out = new ArrayList<>();
    int at = -1;
    for (String l : content.lines().toList()) {
      if (value(l, key).isPresent()) {
        at = out.size();
      } else {
        out.add(l);
      }
    }
    out.add(at < 0 ? out.size() : at, line);
    return String.join("\n", out) + "\n";
  }

  /** The connection string in effect: the last primary_conninfo line's, as the server reads it. */
  static Optional<Conninfo> current(String content) {
    return content
        .lines()
        .map(AutoConf::value)
        .flatMap(Optional::stream)
        .reduce((a, b) -> b)
        .map(Conninfo::parse);
  }

  /** The value of a primary_conninfo line, unquoted as the server's configuration reader does. */
  static Optional<String> value(String line) {
    return value(line, KEY);
  }

  /** The value of a line that sets {@code key}, unquoted as the server's reader does. */
  static Optional<String> value(String line, String key) {
    String s = line.stripLeading();
    if (!s.toLowerCase(Locale.ROOT).startsWith(key)) {
      return Optional.empty();
    }
    s = s.substring(key.length());
    if (s.isEmpty() || !(s.charAt(0) == '=' || Character.isWhitespace(s.charAt(0)))) {
      return Optional.empty();
    }
    s = s.strip();
    if (s.startsWith("=")) {
      s = s.substring(1).strip();
    }
    return Optional.of(s.startsWith("'") ? quoted(s) : s.split("[\\s#]", 2)[0]);
  }

  /** A configuration-file string: {@code ''} is a quote; a backslash escapes as in C. */
  private static String quoted(String s) {
    StringBuilder b = new StringBuilder();
    int i = 1;
    while (i < s.length()) {
      char ch = s.charAt(i++);
      if (ch == '\'') {
        if (i < s.length() && s.charAt(i) == '\'') {
          b.append('\'');
          i++;
          continue;
        }
        return b.toString();
      }
      if (ch == '\\' && i < s.length()) {
        i = escape(s, i, b);
        continue;
      }
      b.append(ch);
    }
    throw new IllegalArgumentException("unterminated " + KEY + " value: " + s);
  }

  private static int escape(String s, int i, StringBuilder b) {
    char ch = s.charAt(i);
    switch (ch) {
      case 'b' -> b.append('\b');
      case 'f' -> b.append('\f');
      case 'n' -> b.append('\n');
      case 'r' -> b.append('\r');
      case 't' -> b.append('\t');
      default -> {
        if (ch >= '0' && ch <= '7') {
          int end = i;
          while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
            end++;
          }
          b.append((char) Integer.parseInt(s.substring(i, end), 8));
          return end;
        }
        b.append(ch);
      }
    }
    return i + 1;
  }
}
