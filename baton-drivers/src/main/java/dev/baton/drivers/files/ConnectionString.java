package dev.baton.drivers.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the server inside a connection string ({@code Server=db-a;Database=Portal;…}, ODBC's {@code
 * DRIVER={…};SERVER=db-a;…}, or Entity Framework's nested {@code provider connection string="data
 * source=db-a;…"}) without touching the rest.
 */
final class ConnectionString {

  /** The keys ADO.NET, ODBC and OLE DB accept for the server, compared without case. */
  private static final Set<String> SERVER_KEYS =
      Set.of("server", "data source", "address", "addr", "network address");

  private static final String NESTED = "provider connection string";

  /** One {@code key=value} pair; {@code value} excludes surrounding quotes or braces. */
  private record Pair(String key, Span value) {}

  private ConnectionString() {}

  /** Where the server's name is, or an {@link IllegalStateException} naming what is wrong. */
  static Span server(String cs) {
    List<Span> found = new ArrayList<>();
    List<Span> nested = new ArrayList<>();
    for (Pair p : pairs(cs)) {
      if (SERVER_KEYS.contains(p.key())) {
        found.add(p.value());
      } else if (p.key().equals(NESTED)) {
        nested.add(p.value());
      }
    }
    if (found.isEmpty() && nested.size() == 1) {
      Span inner = nested.get(0);
      Span s = server(inner.of(cs));
      return new Span(inner.start() + s.start(), inner.start() + s.end());
    }
    if (found.size() != 1) {
      throw new IllegalStateException(
          (found.isEmpty() ? "names no server" : "names the server " + found.size() + " times")
              + ": "
              + Secrets.mask(cs));
    }
    return found.get(0);
  }

  /** The pairs of a connection string, in order. */
  private static List<Pair> pairs(String cs) {
    List<Pair> out = new ArrayList<>();
    int pos = 0;
    while (pos < cs.length()) {
      int eq = cs.indexOf('=', pos);
      if (eq < 0) {
        break;
      }
      String key = cs.substring(pos, eq).replace(";", " ").strip().toLowerCase(Locale.ROOT);
      int v = eq + 1;
      while (v < cs.length() && cs.charAt(v) == ' ') {
        v++;
      }
      Span value = value(cs, v);
      out.add(new Pair(key, value));
      int semi = cs.indexOf(';', closing(cs, value));
      pos = semi < 0 ? cs.length() : semi + 1;
    }
    return out;
  }

  /** The value starting at {@code v}: quoted, braced (ODBC) or plain up to the next ';'. */
  private static Span value(String cs, int v) {
    if (v < cs.length() && "\"'{".indexOf(cs.charAt(v)) >= 0) {
      char close = cs.charAt(v) == '{' ? '}' : cs.charAt(v);
      int i = v + 1;
      while (i < cs.length()) {
        if (cs.charAt(i) == close) {
          // A doubled closing character stands for itself inside the value.
          if (i + 1 < cs.length() && cs.charAt(i + 1) == close) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      return new Span(v + 1, Math.min(i, cs.length()));
    }
    int end = cs.indexOf(';', v);
    end = end < 0 ? cs.length() : end;
    while (end > v && Character.isWhitespace(cs.charAt(end - 1))) {
      end--;
    }
    return new Span(v, end);
  }

  /** Where to look for the ';' after a value: past its closing quote or brace, if any. */
  private static int closing(String cs, Span value) {
    boolean wrapped = value.start() > 0 && "\"'{".indexOf(cs.charAt(value.start() - 1)) >= 0;
    return wrapped ? Math.min(value.end() + 1, cs.length()) : value.end();
  }
}
