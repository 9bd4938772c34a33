package dev.baton.testkit.dual;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link SideClient}'s output file into {@link SideWrite} records, in the order written.
 */
public final class SideWrites {

  private SideWrites() {}

  /**
   * The writes in {@code file}; none when it does not exist yet. A last line without its newline is
   * one a client was killed while writing, and is left out; any other unreadable line is an error
   * naming the file and line.
   */
  public static List<SideWrite> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the writes in " + file, e);
    }
    return parse(text, file.toString());
  }

  /** The writes in {@code text}, as {@link #read(Path)} reads a file; {@code source} names it. */
  public static List<SideWrite> parse(String text, String source) {
    String complete = text.substring(0, text.lastIndexOf('\n') + 1);
    List<SideWrite> out = new ArrayList<>();
    List<String> lines = complete.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        out.add(SideWrite.parse(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
