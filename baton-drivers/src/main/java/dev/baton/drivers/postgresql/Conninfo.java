package dev.baton.drivers.postgresql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A libpq key/value connection string ({@code host=a port=5432 passfile='/x y'}), read and written
 * by libpq's rules: a value is a bare word or single-quoted, and a backslash escapes the next
 * character in either. Keys keep their order, so a rewrite changes only what it sets.
 */
record Conninfo(Map<String, String> entries) {

  Conninfo {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** Parses a connection string; throws IllegalArgumentException on what libpq would refuse. */
  static Conninfo parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = text.length();
    while (true) {
      i = skipSpace(text, i);
      if (i >= n) {
        return new Conninfo(out);
      }
      int keyStart = i;
      while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      String key = text.substring(keyStart, i);
      i = skipSpace(text, i);
      if (i >= n || text.charAt(i) != '=') {
        throw new IllegalArgumentException("missing \"=\" after \"" + key + "\" in " + text);
      }
      i = skipSpace(text, i + 1);
      StringBuilder value = new StringBuilder();
      i = text.startsWith("'", i) ? quoted(text, i + 1, value) : bare(text, i, value);
      out.put(key, value.toString());
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int bare(String s, int i, StringBuilder value) {
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
      char ch = s.charAt(i++);
      if (ch == '\\' && i < s.length()) {
        ch = s.charAt(i++);
      }
      value.append(ch);
    }
    return i;
  }

  private static int quoted(String s, int i, StringBuilder value) {
    while (i < s.length()) {
      char ch = s.charAt(i++);
      if (ch == '\'') {
        return i;
      }
      if (ch == '\\' && i < s.length()) {
        ch = s.charAt(i++);
      }
      value.append(ch);
    }
    throw new IllegalArgumentException("unterminated quoted string in " + s);
  }

  /** This connection string with {@code key} set to {@code value}, in place if it was there. */
  Conninfo with(String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(entries);
    m.put(key, value);
    return new Conninfo(m);
  }

  Conninfo without(String key) {
    Map<String, String> m = new LinkedHashMap<>(entries);
    m.remove(key);
    return new Conninfo(m);
  }

  /** The connection string, each value quoted only when libpq needs it to be. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    entries.forEach(
        (k, v) -> {
          if (b.length() > 0) {
            b.append(' ');
          }
          b.append(k).append('=').append(quote(v));
        });
    return b.toString();
  }

  static String quote(String v) {
    if (!v.isEmpty() && v.chars().noneMatch(ch -> ch == '\'' || ch == '\\' || ch <= ' ')) {
      return v;
    }
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
