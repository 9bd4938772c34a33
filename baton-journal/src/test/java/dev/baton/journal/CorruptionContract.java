package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of damage to a journal's rows is reported, never read past or shown as empty. */
abstract class CorruptionContract extends JournalContract {

  String runId;
  List<JournalEvent> written;

  @BeforeEach
  void writeThreeRecords() {
    runId = journal.createRun(template("csm-prod")).runId();
    for (int i = 1; i <= 3; i++) {
      journal.append(outcome(runId, "step-" + i, "step " + i + " is done"));
    }
    written = journal.events(runId);
    journal.close();
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

  /** Opening and reading the run fails as corrupt; succeeding or reading nothing fails the test. */
  CorruptJournalException readFailure() {
    return assertThrows(
        CorruptJournalException.class,
        () -> {
          try (Journal j = store.open()) {
            j.events(runId);
          }
        });
  }

  void tamper(String sql, Object... parameters) throws SQLException {
    try (Connection raw = store.raw();
        PreparedStatement statement = raw.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      assertEquals(1, statement.executeUpdate(), "tampered with one row");
    }
  }

  private String storedData(long seq) throws SQLException {
    try (Connection raw = store.raw();
        PreparedStatement query = raw.prepareStatement("SELECT data FROM events WHERE seq = ?")) {
      query.setLong(1, seq);
      try (ResultSet rs = query.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  static String flipMiddle(String text) {
    char[] chars = text.toCharArray();
    chars[chars.length / 2] ^= 0x01;
    return new String(chars);
  }
}
