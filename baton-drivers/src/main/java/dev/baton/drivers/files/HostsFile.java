package dev.baton.drivers.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The text of a hosts file with at most one Baton block per entry point. Lines keep their own
 * terminators, so whatever lies outside the block is reproduced byte for byte.
 */
final class HostsFile {

  /** A line that names a host: its 1-based number, its address, and whether Baton owns it. */
  record Match(int line, String address, boolean inBlock, String text) {}

  /** The block's first and last line (the markers), as indices into the lines. */
  private record Block(int begin, int end) {}

  private final String path;
  private final String name;
  private final List<String> lines;
  private final Optional<Block> block;

  /** Parses {@code text}; a malformed block is an {@link IllegalStateException} with a sentence. */
  HostsFile(String path, String text, String entryPoint) {
    this.path = path;
    this.name = entryPoint;
    this.lines = splitLines(text);
    this.block = findBlock();
  }

  String begin() {
    return "# BEGIN baton " + name;
  }

  String end() {
    return "# END baton " + name;
  }

  boolean hasBlock() {
    return block.isPresent();
  }

  /** The address of the block's first entry, if there is a block with an entry. */
  Optional<String> blockAddress() {
    if (block.isEmpty()) {
      return Optional.empty();
    }
    for (int i = block.get().begin() + 1; i < block.get().end(); i++) {
      String[] t = fields(lines.get(i));
      if (t.length >= 2) {
        return Optional.of(t[0]);
      }
    }
    return Optional.empty();
  }

  /** The whole text with the block holding exactly {@code entry}; appended when absent. */
  String withEntry(String entry) {
    String eol = eol();
    if (block.isPresent()) {
      Block b = block.get();
      // The marker lines are kept as they are, so a second call yields identical bytes.
      return join(0, b.begin() + 1) + entry + eol + join(b.end(), lines.size());
    }
    String text = join(0, lines.size());
    String body = begin() + eol + entry + eol + end();
    if (text.isEmpty() || text.endsWith("\n")) {
      return text + body + eol;
    }
    // The file had no final newline: the block takes the newline before it and ends without one,
    // so that removing it gives back the original bytes (see without()).
    return text + eol + body;
  }

  /** The whole text without the block. */
  String without() {
    if (block.isEmpty()) {
      return join(0, lines.size());
    }
    Block b = block.get();
    String before = join(0, b.begin());
    String after = join(b.end() + 1, lines.size());
    if (after.isEmpty() && !lines.get(b.end()).endsWith("\n")) {
      before = stripOneEol(before);
    }
    return before + after;
  }

  /** The first line, top-down as the resolver reads it, that names {@code host}. */
  Optional<Match> firstMatch(String host) {
    for (int i = 0; i < lines.size(); i++) {
      String[] t = fields(lines.get(i));
      for (int j = 1; j < t.length; j++) {
        // The resolver compares names without regard to case.
        if (t[j].toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
          return Optional.of(new Match(i + 1, t[0], inBlock(i), content(lines.get(i)).strip()));
        }
      }
    }
    return Optional.empty();
  }

  private boolean inBlock(int i) {
    return block.isPresent() && i > block.get().begin() && i < block.get().end();
  }

  private Optional<Block> findBlock() {
    List<Integer> begins = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = content(lines.get(i)).strip();
      if (l.equals(begin())) {
        begins.add(i);
      } else if (l.equals(end())) {
        ends.add(i);
      }
    }
    if (begins.size() > 1 || ends.size() > 1) {
      throw malformed("has " + Math.max(begins.size(), ends.size()) + " blocks for " + name);
    }
    if (begins.size() != ends.size()) {
      int at = (begins.isEmpty() ? ends : begins).get(0);
      throw malformed(
          (at + 1) + ": '" + content(lines.get(at)).strip() + "' has no matching marker");
    }
    if (begins.isEmpty()) {
      return Optional.empty();
    }
    if (ends.get(0) < begins.get(0)) {
      throw malformed((ends.get(0) + 1) + ": '" + end() + "' comes before '" + begin() + "'");
    }
    return Optional.of(new Block(begins.get(0), ends.get(0)));
  }

  private IllegalStateException malformed(String what) {
    return new IllegalStateException(
        path + ":" + what + "; Baton will not edit the file until the markers are fixed by hand");
  }

  /** The line ending the file already uses, so a Windows hosts file stays CRLF. */
  private String eol() {
    for (String l : lines) {
      if (l.endsWith("\n")) {
        return l.endsWith("\r\n") ? "\r\n" : "\n";
      }
    }
    return "\n";
  }

  private String join(int from, int to) {
    return String.join("", lines.subList(from, to));
  }

  private static String stripOneEol(String s) {
    if (s.endsWith("\r\n")) {
      return s.substring(0, s.length() - 2);
    }
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  /** Address and names of a line, without its comment; fewer than two fields names nothing. */
  private static String[] fields(String line) {
    String l = content(line);
    int hash = l.indexOf('#');
    String data = (hash >= 0 ? l.substring(0, hash) : l).strip();
    return data.isEmpty() ? new String[0] : data.split("\\s+");
  }

  private static String content(String line) {
    return line.endsWith("\r\n")
        ? line.substring(0, line.length() - 2)
        : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
  }

  /** Lines with their terminators; the last one may have none. */
  private static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      out.add(text.substring(start, nl + 1));
      start = nl + 1;
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }
}
