package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.raw;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite journal file that was damaged, cut or lost its write-ahead log is refused with a
 * sentence before anything could act on it, at every record position tried. Edited columns and
 * deleted runs, which every journal must catch, are in {@link TamperContract}.
 */
class TamperEveryRecordTest {

  private static final int RECORDS = 8;
  private static final int WAL_HEADER = 32;
  private static final int FRAME_HEADER = 24;

  @TempDir Path dir;
  private Path live;
  private SqliteJournal journal;
  private List<JournalEvent> written;

  /**
   * Two runs, the second with {@link #RECORDS} records, left open: everything since the file was
   * created is still in the write-ahead log, as after a crash.
   */
  @BeforeEach
  void writeRecordsAndKeepTheJournalOpen() {
    live = dir.resolve("live").resolve("journal.db");
    journal = SqliteJournal.open(live);
    RunRecord first = journal.createRun(template("crm-prod"));
    journal.append(outcome(first.runId(), "only", "the first run's only step"));
    String runId = journal.createRun(template("csm-prod")).runId();
    for (int i = 1; i <= RECORDS; i++) {
      journal.append(
          i % 2 == 1
              ? JournalEvent.of(
                  runId, "step-" + i, EventType.INTENT, null, "", null, Map.of("k", "v" + i))
              : outcome(runId, "step-" + i, "step " + i + " is done"));
    }
    written = journal.events(runId);
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    journal.close();
  }

  @Test
  void theUntouchedCopyOpensAndReads() throws IOException {
    Path copy = snapshot("untouched", false);
    try (SqliteJournal j = SqliteJournal.open(copy)) {
      assertEquals(2, j.runs(null).size());
      assertEquals(written, j.events(written.get(0).runId()));
    }
  }

  @Test
  void aFlippedByteOfAnyRecordInTheWriteAheadLogIsRefused() throws IOException {
    List<String> accepted = new ArrayList<>();
    for (JournalEvent e : written) {
      Path copy = snapshot("wal-flip-" + e.seq(), false);
      Path wal = Path.of(copy + "-wal");
      flipLast(wal, hashOf(e));
      check(copy, "flipped record " + e.seq() + " in the WAL", accepted);
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void aFlippedByteOfAnyRecordInTheDatabaseFileIsRefused() throws IOException, SQLException {
    List<String> accepted = new ArrayList<>();
    for (JournalEvent e : written) {
      for (String text : List.of(hashOf(e), e.stepId())) {
        Path copy = snapshot("db-flip-" + e.seq() + "-" + text.length(), true);
        flipLast(copy, text);
        check(copy, "flipped " + text + " of record " + e.seq() + " in the file", accepted);
      }
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void theWriteAheadLogCutAtAnyRecordBoundaryIsRefused() throws IOException {
    Path probe = snapshot("frames", false);
    List<Long> commits = commitFrameEnds(Path.of(probe + "-wal"));
    assertTrue(commits.size() >= RECORDS, "one commit per record at least: " + commits);
    List<String> accepted = new ArrayList<>();
    // Every commit boundary but the last one, which is the whole log.
    for (int i = 0; i < commits.size() - 1; i++) {
      Path copy = snapshot("wal-cut-" + i, false);
      truncate(Path.of(copy + "-wal"), commits.get(i));
      check(copy, "WAL cut after commit " + (i + 1) + " of " + commits.size(), accepted);
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void theDatabaseFileCutAtAnyPageIsRefused() throws IOException, SQLException {
    Path probe = snapshot("pages", true);
    long pages = Files.size(probe) / 4096;
    List<String> accepted = new ArrayList<>();
    for (long p = 0; p < pages; p++) {
      Path copy = snapshot("db-cut-" + p, true);
      truncate(copy, p * 4096);
      check(copy, "file cut to " + p + " pages of " + pages, accepted);
    }
    assertEquals(List.of(), accepted);
  }

  @Test
  void aDeletedWriteAheadLogIsRefused() throws IOException {
    Path copy = snapshot("wal-deleted", false);
    Files.delete(Path.of(copy + "-wal"));

    CorruptJournalException e = refusal(copy);
    assertTrue(
        e.getMessage().contains("but record " + written.get(RECORDS - 1).seq() + " was committed"),
        e.getMessage());
  }

  @Test
  void anEmptiedJournalIsRefused() throws IOException, SQLException {
    Path copy = snapshot("emptied", true);
    Files.delete(copy);
    Files.deleteIfExists(Path.of(copy + "-wal"));

    CorruptJournalException e = refusal(copy);
    assertTrue(e.getMessage().contains("reaches record 0"), e.getMessage());
  }

  // ---- cases ----

  /** Records a case whose damage the journal accepted; a refusal is what every case wants. */
  private void check(Path copy, String what, List<String> accepted) {
    try {
      read(copy);
      accepted.add(what);
    } catch (CorruptJournalException e) {
      assertTrue(
          e.getMessage().endsWith("no automatic action will be taken"),
          what + ": " + e.getMessage());
    } catch (RuntimeException e) {
      fail(what + ": refused without a sentence: " + e, e);
    }
  }

  private CorruptJournalException refusal(Path copy) {
    try {
      read(copy);
    } catch (CorruptJournalException e) {
      return e;
    }
    return fail("the journal at " + copy + " was accepted");
  }

  /** What resume, status and report read first: the runs and every run's records. */
  private static void read(Path copy) {
    try (SqliteJournal j = SqliteJournal.open(copy)) {
      for (RunRecord r : j.runs(null)) {
        j.run(r.runId()).orElseThrow();
        j.events(r.runId());
      }
    }
  }

  // ---- copies of the live journal ----

  /** A copy of the live files as a crash would leave them; {@code checkpointed} empties the WAL. */
  private Path snapshot(String name, boolean checkpointed) throws IOException {
    Path to = dir.resolve(name);
    Files.createDirectories(to);
    Path db = to.resolve("journal.db");
    for (String suffix : List.of("", "-wal", ".anchor")) {
      Path from = Path.of(live + suffix);
      if (Files.exists(from)) {
        Files.copy(from, Path.of(db + suffix));
      }
    }
    if (checkpointed) {
      try (Connection c = raw(db);
          Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return db;
  }

  /** The record's hash as stored: hex text unique to it, so a byte of it is the record's. */
  private String hashOf(JournalEvent e) {
    try (Connection c = raw(live);
        PreparedStatement q = c.prepareStatement("SELECT hash FROM events WHERE seq = ?")) {
      q.setLong(1, e.seq());
      try (ResultSet rs = q.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    } catch (SQLException x) {
      throw new IllegalStateException(x);
    }
  }

  private static void flipLast(Path file, String text) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    int at = lastIndexOf(bytes, needle);
    assertTrue(at >= 0, text + " is in " + file);
    bytes[at + needle.length / 2] ^= 0x01;
    Files.write(file, bytes);
  }

  private static void truncate(Path file, long size) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, (int) size));
  }

  /** The byte offsets just after each commit frame of a WAL file. */
  private static List<Long> commitFrameEnds(Path wal) throws IOException {
    byte[] bytes = Files.readAllBytes(wal);
    int pageSize = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    List<Long> out = new ArrayList<>();
    for (int off = WAL_HEADER; off + FRAME_HEADER + pageSize <= bytes.length; ) {
      int dbSizeAfterCommit =
          ByteBuffer.wrap(bytes, off + 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
      off += FRAME_HEADER + pageSize;
      if (dbSizeAfterCommit != 0) {
        out.add((long) off);
      }
    }
    return out;
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = haystack.length - needle.length; i >= 0; i--) {
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
