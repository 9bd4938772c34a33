package dev.baton.journal;

import dev.baton.engine.Decision;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** Shared test values: a run template, events, and a raw connection to tamper with a file. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-11-21T23:15:00Z");

  private Fixtures() {}

  static RunRecord template(String system) {
    return new RunRecord(
        null,
        system,
        "primary-first",
        "16.4",
        Map.of("parallel", "2"),
        "topology.yaml",
        "system: " + system + "\n",
        "sha256:abc",
        null,
        null,
        null);
  }

  static JournalEvent outcome(String runId, String stepId, String sentence) {
    return JournalEvent.of(
        runId,
        stepId,
        EventType.OUTCOME,
        Decision.done(sentence),
        "pg_is_in_recovery() = f on db-b",
        T0,
        Map.of("action", "promote", "duration_ms", "1234"));
  }

  /** A second connection to the file, as another process or a damaged disk would touch it. */
  static Connection raw(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
