package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.EventType;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A journal that had any column of any row of its runs or records edited, or a run deleted with its
 * records, is refused with a sentence before anything could act on it.
 */
abstract class TamperContract extends JournalContract {

  private static final int RECORDS = 8;

  List<JournalEvent> written;

  /**
   * Two runs, the second with {@link #RECORDS} records written under a lease, so that every column,
   * the epoch too, holds a value to edit.
   */
  @BeforeEach
  void writeRecords() throws Exception {
    RunRecord first = journal.createRun(template("crm-prod"));
    journal.append(outcome(first.runId(), "only", "the first run's only step"));
    try (Lease lease = journal.acquireLease("csm-prod", "r-tamper", Duration.ofSeconds(30))) {
      Journal fenced = journal.fencedBy(lease);
      String runId = fenced.createRun(template("csm-prod")).runId();
      for (int i = 1; i <= RECORDS; i++) {
        fenced.append(
            i % 2 == 1
                ? JournalEvent.of(
                    runId, "step-" + i, EventType.INTENT, null, "", null, Map.of("k", "v" + i))
                : outcome(runId, "step-" + i, "step " + i + " is done"));
      }
      written = journal.events(runId);
    }
    journal.close();
  }

  @Test
  void theUntouchedJournalOpensAndReads() {
    try (Journal j = store.open()) {
      assertEquals(2, j.runs(null).size());
      assertEquals(written, j.events(written.get(0).runId()));
    }
  }

  @Test
  void anEditOfAnyColumnOfAnyRowIsRefused() throws SQLException {
    List<String> accepted = new ArrayList<>();
    int cases = 0;
    for (String table : List.of("runs", "events")) {
      for (String column : store.columns(table)) {
        for (String key : keys(table)) {
          String before = value(table, column, key);
          if (before == null || before.isEmpty()) {
            continue;
          }
          set(table, column, key, changed(before));
          check(table + "." + column + " of " + key, accepted);
          set(table, column, key, before);
          cases++;
        }
      }
    }
    assertEquals(List.of(), accepted);
    assertTrue(cases > 100, "every column of every row was edited once: " + cases);
  }

  @Test
  void deletingARunWithItsRecordsIsRefused() throws SQLException {
    String runId = written.get(0).runId();
    try (Connection c = store.raw();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM events WHERE run_id = '" + runId + "'");
      s.execute("DELETE FROM runs WHERE run_id = '" + runId + "'");
    }
    CorruptJournalException e = refusal();
    assertTrue(e.getMessage().contains("holds 1 runs, but 2 were created"), e.getMessage());
  }

  /** Records a case whose damage the journal accepted; a refusal is what every case wants. */
  private void check(String what, List<String> accepted) {
    try {
      read();
      accepted.add(what);
    } catch (CorruptJournalException e) {
      assertTrue(
          e.getMessage().endsWith("no automatic action will be taken"),
          what + ": " + e.getMessage());
    } catch (RuntimeException e) {
      fail(what + ": refused without a sentence: " + e, e);
    }
  }

  private CorruptJournalException refusal() {
    try {
      read();
    } catch (CorruptJournalException e) {
      return e;
    }
    return fail("the " + store.kind() + " journal was accepted");
  }

  /** What resume, status and report read first: the runs and every run's records. */
  private void read() {
    try (Journal j = store.open()) {
      for (RunRecord r : j.runs(null)) {
        j.run(r.runId()).orElseThrow();
        j.events(r.runId());
      }
    }
  }

  private List<String> keys(String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = store.raw();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT " + key(table) + " FROM " + table)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String key(String table) {
    return table.equals("runs") ? "run_id" : "seq";
  }

  private String value(String table, String column, String key) throws SQLException {
    try (Connection c = store.raw();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT " + column + " FROM " + table + " WHERE " + key(table) + " = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private void set(String table, String column, String key, String value) throws SQLException {
    try (Connection c = store.raw();
        PreparedStatement u =
            c.prepareStatement(
                "UPDATE " + table + " SET " + column + " = ? WHERE " + key(table) + " = ?")) {
      u.setString(1, value);
      u.setString(2, column.equals(key(table)) ? changedIfKey(key, value) : key);
      assertEquals(1, u.executeUpdate(), table + "." + column + " of " + key);
    }
  }

  // Editing the key column itself: the row is found by its current value, edited or not.
  private static String changedIfKey(String key, String value) {
    return value.equals(key) ? changed(key) : key;
  }

  /** A different value of the same shape: a digit counted up, or a letter's case turned. */
  private static String changed(String value) {
    if (value.matches("\\d+")) {
      return Long.toString(Long.parseLong(value) + 1000); // clear of every other seq
    }
    char[] chars = value.toCharArray();
    int i = chars.length / 2;
    chars[i] =
        Character.isDigit(chars[i]) ? (char) ('0' + (chars[i] - '0' + 1) % 10) : flip(chars[i]);
    return new String(chars);
  }

  private static char flip(char c) {
    return Character.isUpperCase(c)
        ? Character.toLowerCase(c)
        : Character.isLowerCase(c) ? Character.toUpperCase(c) : (char) (c ^ 0x01);
  }
}
