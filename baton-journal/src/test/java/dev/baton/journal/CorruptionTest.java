package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.raw;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of damage to a journal is reported, never read past or shown as an empty run. */
class CorruptionTest {

  private static final int PAGE_SIZE = 4096;

  @TempDir Path dir;
  private Path file;
  private String runId;
  private List<JournalEvent> written;

  @BeforeEach
  void writeThreeRecords() {
    file = dir.resolve("journal.db");
    try (SqliteJournal journal = SqliteJournal.open(file)) {
      runId = journal.createRun(template("csm-prod")).runId();
      for (int i = 1; i <= 3; i++) {
        journal.append(outcome(runId, "step-" + i, "step " + i + " is done"));
      }
      written = journal.events(runId);
    }
  }

  @Test
  void aFlippedCharacterInTheLastSentenceFailsItsChecksum() throws SQLException {
    long last = written.get(2).seq();
    String sentence = written.get(2).decision().sentence();
    tamper("UPDATE events SET sentence = ? WHERE seq = ?", flipMiddle(sentence), last);

    assertEquals(
        "journal record %d of run %s fails its checksum: it was altered or cut;"
                .formatted(last, runId)
            + " no automatic action will be taken",
        readFailure().getMessage());
  }

  @Test
  void evidenceCutToHalfFailsItsChecksum() throws SQLException {
    long last = written.get(2).seq();
    String evidence = written.get(2).evidence();
    tamper(
        "UPDATE events SET evidence = ? WHERE seq = ?",
        evidence.substring(0, evidence.length() / 2),
        last);

    assertTrue(
        readFailure()
            .getMessage()
            .startsWith("journal record " + last + " of run " + runId + " fails its checksum"));
  }

  @Test
  void aDeletedLastRecordIsCaughtByTheRunHeader() throws SQLException {
    tamper("DELETE FROM events WHERE seq = ?", written.get(2).seq());

    assertEquals(
        "run %s should have 3 journal records but has 2 (the last is record %d):"
                .formatted(runId, written.get(1).seq())
            + " records were cut or added; no automatic action will be taken",
        readFailure().getMessage());
  }

  @Test
  void aDeletedMiddleRecordBreaksTheChain() throws SQLException {
    tamper("DELETE FROM events WHERE seq = ?", written.get(1).seq());

    assertTrue(
        readFailure()
            .getMessage()
            .startsWith(
                "journal record %d of run %s does not chain to record %d"
                    .formatted(written.get(2).seq(), runId, written.get(0).seq())));
  }

  @Test
  void aFlippedByteInAnEarlierRecordsDataFailsItsChecksum() throws SQLException {
    long first = written.get(0).seq();
    String data = storedData(first);
    assertEquals("{\"action\":\"promote\",\"duration_ms\":\"1234\"}", data, "sorted keys");
    tamper("UPDATE events SET data = ? WHERE seq = ?", flipMiddle(data), first);

    assertTrue(
        readFailure()
            .getMessage()
            .startsWith("journal record " + first + " of run " + runId + " fails its checksum"));
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

  /** Opening and reading the run fails as corrupt; succeeding or reading nothing fails the test. */
  private CorruptJournalException readFailure() {
    return assertThrows(
        CorruptJournalException.class,
        () -> {
          try (SqliteJournal journal = SqliteJournal.open(file)) {
            journal.events(runId);
          }
        });
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

  private void tamper(String sql, Object... parameters) throws SQLException {
    try (Connection raw = raw(file);
        PreparedStatement statement = raw.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      assertEquals(1, statement.executeUpdate(), "tampered with one row");
    }
  }

  private String storedData(long seq) throws SQLException {
    try (Connection raw = raw(file);
        PreparedStatement query = raw.prepareStatement("SELECT data FROM events WHERE seq = ?")) {
      query.setLong(1, seq);
      try (ResultSet rs = query.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  private static String flipMiddle(String text) {
    char[] chars = text.toCharArray();
    chars[chars.length / 2] ^= 0x01;
    return new String(chars);
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
