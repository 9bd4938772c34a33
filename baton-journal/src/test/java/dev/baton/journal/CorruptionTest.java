package dev.baton.journal;

import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SQLite file's own kinds of damage (bytes on disk, a cut or zeroed file); the damage to rows
 * every journal must catch is in {@link CorruptionContract}.
 */
class CorruptionTest extends CorruptionContract {

  private static final int PAGE_SIZE = 4096;

  private Path file;

  @Override
  JournalStore newStore(Path dir) {
    file = dir.resolve("journal.db");
    return new SqliteStore(file);
  }

  @Test
  void aFlippedByteOnDiskFailsTheChecksum() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, "step 2 is done".getBytes(StandardCharsets.US_ASCII));
    assertTrue(at > 0, "the sentence is in the main file after close");
    bytes[at + 3] ^= 0x01;
    Files.write(file, bytes);

    assertTrue(readFailure().getMessage().contains("fails its checksum"));
  }

  @Test
  void aFileOverwrittenWithGarbageIsRefused() throws IOException {
    byte[] garbage = new byte[(int) Files.size(file)];
    new Random(7).nextBytes(garbage);
    Files.write(file, garbage);

    assertTrue(readFailure().getMessage().contains("is damaged"));
  }

  @Test
  void aFileCutToHalfItsLengthIsRefused() throws IOException {
    appendBulk(200);
    Files.deleteIfExists(Path.of(file + "-wal"));
    Files.deleteIfExists(Path.of(file + "-shm"));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    CorruptJournalException e = readFailure();
    assertTrue(e.getMessage().endsWith("no automatic action will be taken"), e.getMessage());
  }

  @Test
  void aZeroedPageOfAnotherRunIsRefusedOnOpen() throws IOException {
    appendBulk(200);
    byte[] bytes = Files.readAllBytes(file);
    int page = indexOf(bytes, "bulk-150".getBytes(StandardCharsets.US_ASCII)) / PAGE_SIZE;
    assertTrue(page > 0, "the bulk record is in the main file after close");
    java.util.Arrays.fill(bytes, page * PAGE_SIZE, (page + 1) * PAGE_SIZE, (byte) 0);
    Files.write(file, bytes);

    // Reading the first run never touches that page; only the file-wide check at open sees it.
    var e = assertThrows(CorruptJournalException.class, () -> SqliteJournal.open(file).close());
    assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
  }

  /** Grows the file by {@code count} records of another run. */
  private void appendBulk(int count) {
    try (SqliteJournal journal = SqliteJournal.open(file)) {
      String runId = journal.createRun(template("crm-prod")).runId();
      for (int i = 0; i < count; i++) {
        journal.append(
            JournalEvent.of(
                runId, "bulk-" + i, EventType.INTENT, null, "x".repeat(400), null, Map.of()));
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
