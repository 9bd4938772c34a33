package dev.baton.drivers.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of the actions since the state file was last rewritten, one JSON line each, appended
 * and forced to disk before an action returns. A line a killed process left half written has no
 * newline and is ignored; a line of an older generation was folded into the file already.
 */
final class SimChangeLog {

  private static final ObjectMapper LINE =
      SimStateFile.JSON.copy().disable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The changes read from the log for one generation, where they end, and whether the log also
   * holds lines that must not be appended after (an older generation's, or a half-written one).
   */
  record Replay(List<SimChange> changes, long end, boolean untidy) {}

  private final Path path;

  SimChangeLog(Path stateFile) {
    this.path = stateFile.resolveSibling(stateFile.getFileName() + ".changes");
  }

  Path path() {
    return path;
  }

  long size() {
    try {
      return Files.size(path);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The changes of {@code generation} from byte {@code offset} on. */
  Replay readFrom(long offset, long generation) {
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size <= offset) {
        return new Replay(List.of(), offset, false);
      }
      ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - offset));
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
        // read until full
      }
      bytes = buf.array();
    } catch (NoSuchFileException e) {
      return new Replay(List.of(), 0, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return parse(bytes, offset, generation);
  }

  private static Replay parse(byte[] bytes, long offset, long generation) {
    List<SimChange> changes = new ArrayList<>();
    boolean untidy = false;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      try {
        SimChange c = LINE.readValue(bytes, start, i - start, SimChange.class);
        if (c.generation == generation) {
          changes.add(c);
        } else {
          untidy = true;
        }
      } catch (IOException e) {
        untidy = true;
      }
      start = i + 1;
    }
    // What follows the last newline is a line a killed process did not finish.
    return new Replay(changes, offset + start, untidy || start < bytes.length);
  }

  /** Appends one change and forces it to disk; returns the log's new size. */
  long append(SimChange change, SimStateFile dir) {
    try {
      byte[] line = (LINE.writeValueAsString(change) + "\n").getBytes(StandardCharsets.UTF_8);
      boolean created = !Files.exists(path);
      long size;
      try (FileChannel ch =
          FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(false);
        size = ch.size();
      }
      if (created) {
        dir.forceDirectory();
      }
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + path + ": " + e.getMessage(), e);
    }
  }

  /** Removes the log once the state file holds everything in it. */
  void clear() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
    }
  }
}
