package dev.baton.drivers.sim;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * One simulator state file, replaced atomically on every write so that a killed process leaves
 * either the old or the new state on disk, never half of one. Between rewrites, the changes of each
 * action are appended beside it ({@link SimChangeLog}).
 */
final class SimStateFile {

  /**
   * What identifies one version of the file without reading it: its generation, and the file's
   * identity, size and time, which also change when someone edits it by hand.
   */
  record Stamp(long generation, Object fileKey, long size, FileTime modified) {}

  /** Work done while holding the file's lock; it may throw a checked exception of its choice. */
  interface Work<T, X extends Exception> {
    T run() throws X;
  }

  // A FileLock only excludes other processes; threads of this JVM queue on this monitor first.
  private static final Object JVM_LOCK = new Object();

  // Fields, not getters: the state classes expose read-only accessors without "get" prefixes.
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .visibility(PropertyAccessor.ALL, Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, Visibility.ANY)
          .visibility(PropertyAccessor.CREATOR, Visibility.ANY)
          .enable(SerializationFeature.INDENT_OUTPUT)
          // People edit these files by hand; "stopped" should read as well as "STOPPED".
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .build();

  private final Path path;

  SimStateFile(Path path) {
    this.path = path.toAbsolutePath();
  }

  Path path() {
    return path;
  }

  Optional<SimState> read() {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(path.toFile(), SimState.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sim state " + path + ": " + e.getMessage(), e);
    }
  }

  /** The file's stamp, or empty when there is no file. */
  Optional<Stamp> stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return Optional.of(new Stamp(generation(), a.fileKey(), a.size(), a.lastModifiedTime()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sim state " + path + ": " + e.getMessage(), e);
    }
  }

  // The generation is the file's first field: read it, and nothing more. A file without one (an
  // older one, or one written by hand) is generation 0.
  private long generation() throws IOException {
    try (JsonParser p = JSON.getFactory().createParser(path.toFile())) {
      if (p.nextToken() == JsonToken.START_OBJECT
          && p.nextToken() == JsonToken.FIELD_NAME
          && "generation".equals(p.currentName())
          && p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      return 0;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return 0; // a broken file: read() says why
    }
  }

  /** Writes the whole state to a temporary file, forces it to disk, then renames it over. */
  void write(SimState state) {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      byte[] bytes = JSON.writeValueAsBytes(state);
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sim state " + path + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} while holding this file's lock, so read-change-write never interleaves. */
  <T, X extends Exception> T locked(Work<T, X> work) throws X {
    synchronized (JVM_LOCK) {
      try {
        Files.createDirectories(path.getParent());
        try (FileChannel ch =
            FileChannel.open(lockPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          ch.lock(); // released when the channel closes, and by the OS if this process dies
          return work.run();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock sim state " + path + ": " + e.getMessage(), e);
      }
    }
  }

  private Path lockPath() {
    return path.resolveSibling(path.getFileName() + ".lock");
  }

  // The rename is durable only once the directory entry is on disk; some platforms cannot
  // open a directory for syncing, and there the rename is as durable as the OS makes it.
  void forceDirectory() {
    try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // not supported here; nothing more we can do
    }
  }
}
