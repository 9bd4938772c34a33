package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.Journal;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schema versions and migrations, and two journals open on one store, on any journal. */
abstract class SchemaContract extends JournalContract {

  @Test
  void schemaVersionIsRecordedAndAReopenedJournalKeepsItsRuns() throws SQLException {
    String runId = journal.createRun(template("csm-prod")).runId();
    journal.append(outcome(runId, "s1", "done"));
    journal.close();
    assertEquals(store.latestSchema(), schemaVersion());

    try (Journal reopened = store.open()) {
      assertEquals(1, reopened.events(runId).size());
      assertEquals(runId, reopened.runs(null).get(0).runId());
    }
    assertEquals(store.latestSchema(), schemaVersion());
  }

  @Test
  void aJournalWithANewerSchemaIsRefused() throws SQLException {
    journal.close();
    try (Connection raw = store.raw();
        Statement statement = raw.createStatement()) {
      statement.execute(
          "INSERT INTO schema_version (version, purpose, applied_at) VALUES (99, 'future', 'x')");
    }

    var e = assertThrows(IllegalStateException.class, () -> store.open());
    assertTrue(
        e.getMessage()
            .contains(
                "has schema version 99 but this Baton knows versions up to "
                    + store.latestSchema()),
        e.getMessage());
  }

  @Test
  void twoJournalsOnOneStoreSeeEachOthersRunsEventsAndLeases() throws Exception {
    try (Journal b = store.open(clock)) {
      Journal a = journal;
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

  private int schemaVersion() throws SQLException {
    try (Connection raw = store.raw();
        Statement statement = raw.createStatement();
        ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
