package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.raw;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJournalFileTest {

  @TempDir Path dir;

  @Test
  void fileIsInWalModeAndSyncsEveryCommit() {
    try (SqliteJournal journal = SqliteJournal.open(dir.resolve("journal.db"))) {
      assertEquals("wal", journal.pragma("journal_mode"));
      assertEquals("2", journal.pragma("synchronous"), "2 is FULL");
      assertEquals("5000", journal.pragma("busy_timeout"));
      assertEquals("1", journal.pragma("foreign_keys"));
    }
  }

  @Test
  void schemaVersionIsRecordedAndAReopenedFileKeepsItsRuns() throws SQLException {
    Path file = dir.resolve("journal.db");
    String runId;
    try (SqliteJournal journal = SqliteJournal.open(file)) {
      runId = journal.createRun(template("csm-prod")).runId();
      journal.append(outcome(runId, "s1", "done"));
    }
    assertEquals(Migrations.LATEST, schemaVersion(file));

    try (SqliteJournal reopened = SqliteJournal.open(file)) {
      assertEquals(1, reopened.events(runId).size());
      assertEquals(runId, reopened.runs(null).get(0).runId());
    }
    assertEquals(Migrations.LATEST, schemaVersion(file));
  }

  @Test
  void aFileWithANewerSchemaIsRefused() throws SQLException {
    Path file = dir.resolve("journal.db");
    SqliteJournal.open(file).close();
    try (Connection raw = raw(file);
        Statement statement = raw.createStatement()) {
      statement.execute(
          "INSERT INTO schema_version (version, purpose, applied_at) VALUES (99, 'future', 'x')");
    }

    var e = assertThrows(IllegalStateException.class, () -> SqliteJournal.open(file));
    assertTrue(
        e.getMessage()
            .contains(
                "has schema version 99 but this Baton knows versions up to " + Migrations.LATEST),
        e.getMessage());
  }

  @Test
  void twoJournalsOnOneFileSeeEachOthersRunsEventsAndLeases() throws Exception {
    Path file = dir.resolve("journal.db");
    try (SqliteJournal a = SqliteJournal.open(file);
        SqliteJournal b = SqliteJournal.open(file)) {
      RunRecord run = a.createRun(template("csm-prod"));
      assertEquals(List.of(run), b.runs("csm-prod"));

      a.append(outcome(run.runId(), "s1", "from a"));
      b.append(outcome(run.runId(), "s2", "from b"));
      assertEquals(2, a.events(run.runId()).size());

      try (var lease = a.acquireLease("csm-prod", run.runId(), Duration.ofSeconds(30))) {
        assertEquals(run.runId(), lease.holder());
        var refused =
            assertThrows(
                LeaseRefusedException.class,
                () -> b.acquireLease("csm-prod", "r-other", Duration.ofSeconds(30)));
        assertTrue(refused.getMessage().contains("held by run " + run.runId()));
      }
      b.acquireLease("csm-prod", "r-other", Duration.ofSeconds(30)).close();
    }
  }

  private static int schemaVersion(Path file) throws SQLException {
    try (Connection raw = raw(file);
        Statement statement = raw.createStatement();
        ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
