package dev.baton.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a YAML text: lines dropped, doubled, moved, cut, re-indented or given odd values.
 */
final class Mutate {
  private Mutate() {}

  static String yaml(Random r, String text, FuzzValues values) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n && !lines.isEmpty(); i++) {
      int at = r.nextInt(lines.size());
      String line = lines.get(at);
      switch (r.nextInt(9)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(r.nextInt(lines.size() + 1), line);
        case 2 -> lines.set(at, lines.set(r.nextInt(lines.size()), line));
        case 3 -> lines.set(at, replaceValue(line, values.any(r)));
        case 4 -> lines.set(at, insert(r, line, values.any(r)));
        case 5 -> lines.set(at, r.nextBoolean() ? "  " + line : line.stripLeading());
        case 6 -> lines.set(at, replaceWord(r, line, words(lines, r)));
        case 7 -> lines.add(at, "  ".repeat(r.nextInt(3)) + values.any(r) + ": " + values.any(r));
        default -> {
          String joined = String.join("\n", lines);
          return joined.substring(0, r.nextInt(joined.length() + 1));
        }
      }
    }
    return String.join("\n", lines);
  }

  private static String replaceValue(String line, String value) {
    int colon = line.indexOf(": ");
    return colon < 0 ? line + value : line.substring(0, colon + 2) + value;
  }

  private static String insert(Random r, String line, String value) {
    int at = r.nextInt(line.length() + 1);
    return line.substring(0, at) + value + line.substring(at);
  }

  /** A word of another line, so that names cross-reference things that do not fit. */
  private static String words(List<String> lines, Random r) {
    String[] ws = lines.get(r.nextInt(lines.size())).trim().split("[\\s:,{}\\[\\]]+");
    return ws.length == 0 ? "" : ws[r.nextInt(ws.length)];
  }

  private static String replaceWord(Random r, String line, String word) {
    String[] ws = line.split("(?<=[\\s:,])|(?=[\\s:,])");
    if (ws.length == 0) {
      return word;
    }
    ws[r.nextInt(ws.length)] = word;
    return String.join("", ws);
  }
}
