package dev.baton.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The file beside the journal ({@code journal.db.anchor}) that keeps its {@link Anchor}, synced
 * after each commit. Held open for the journal's life; every read and write takes a lock on it, so
 * several processes sharing one journal move it forward together.
 */
final class AnchorFile implements AutoCloseable {

  private final Path path;
  private final FileChannel channel;

  private AnchorFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Opens (creating if needed, empty) the anchor file of the journal at {@code journal}. */
  static AnchorFile of(Path journal) {
    Path path = journal.resolveSibling(journal.getFileName() + ".anchor");
    try {
      return new AnchorFile(
          path,
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal anchor " + path, e);
    }
  }

  Path path() {
    return path;
  }

  /** The anchor kept, or empty when none was written yet. */
  Optional<Anchor> read() {
    return locked(
        () -> {
          String text = contents();
          return text.isBlank()
              ? Optional.empty()
              : Optional.of(Anchor.parse(text, path.toString()));
        });
  }

  /** Moves the kept anchor forward to {@code reached} (never back), synced before returning. */
  void advance(Anchor reached) {
    locked(
        () -> {
          String text = contents();
          Anchor current = text.isBlank() ? Anchor.NONE : Anchor.parse(text, path.toString());
          Anchor next = current.merge(reached);
          if (!next.equals(current) || text.isBlank()) {
            byte[] line = (next.text() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(line), 0);
            channel.force(false);
          }
          return null;
        });
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was pending: every write was forced before it returned.
    }
  }

  private String contents() throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    channel.read(buf, 0);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
  }

  private interface IoWork<T> {
    T run() throws IOException;
  }

  private <T> T locked(IoWork<T> work) {
    // The file lock keeps other processes out; the monitor keeps out other journals of this
    // process, whose overlapping lock Java would refuse.
    synchronized (AnchorFile.class) {
      try (FileLock lock = channel.lock()) {
        return work.run();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot use journal anchor " + path, e);
      }
    }
  }
}
