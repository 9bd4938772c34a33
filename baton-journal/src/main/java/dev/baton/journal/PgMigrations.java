package dev.baton.journal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The PostgreSQL journal's schema as an ordered list of migrations, as {@link Migrations} is the
 * SQLite file's: the same tables and the same stored text, with PostgreSQL's types where they
 * matter (leases keep their times in the database's own clock).
 */
final class PgMigrations {

  /** One schema change: the statements that move the schema to {@code version}. */
  record Migration(int version, String purpose, List<String> statements) {}

  // Any constant will do: it only keeps two Batons from migrating one database at once.
  private static final long MIGRATION_LOCK = 0x6261746f6e4aL;

  static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "runs, hash-chained events, a count of runs created, and fenced system leases",
              List.of(
                  """
                  CREATE TABLE runs (
                    run_id TEXT PRIMARY KEY,
                    system TEXT NOT NULL,
                    strategy TEXT,
                    target_version TEXT,
                    options TEXT NOT NULL,
                    topology_source TEXT,
                    topology_text TEXT,
                    plan_fingerprint TEXT,
                    status TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    event_count BIGINT NOT NULL,
                    last_hash TEXT NOT NULL,
                    seal TEXT NOT NULL)""",
                  "CREATE INDEX runs_by_system ON runs(system, created_at)",
                  "CREATE SEQUENCE events_seq",
                  """
                  CREATE TABLE events (
                    seq BIGINT PRIMARY KEY,
                    run_id TEXT NOT NULL REFERENCES runs(run_id),
                    step_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    decision_kind TEXT,
                    sentence TEXT,
                    evidence TEXT NOT NULL,
                    at TEXT NOT NULL,
                    data TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    epoch BIGINT)""",
                  "CREATE INDEX events_by_run ON events(run_id, seq)",
                  """
                  CREATE TABLE journal_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    runs BIGINT NOT NULL,
                    seal TEXT NOT NULL)""",
                  "INSERT INTO journal_head (id, runs, seal) VALUES (1, 0, '"
                      + PgHead.seal(0)
                      + "')",
                  """
                  CREATE TABLE leases (
                    system TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    pid BIGINT NOT NULL,
                    host TEXT NOT NULL,
                    epoch BIGINT NOT NULL,
                    acquired_at TIMESTAMPTZ NOT NULL,
                    expires_at TIMESTAMPTZ NOT NULL)""")),
          new Migration(
              2, "fleets, their systems in waves, and their limits", FleetTables.schema("BIGINT")));

  static final int LATEST = ALL.size();

  private PgMigrations() {}

  /**
   * Brings the schema up to {@link #LATEST} inside the caller's transaction, under an advisory lock
   * so that workers starting together migrate once.
   */
  static void apply(PgDatabase.Tx tx, Clock clock, String shown) throws SQLException {
    tx.queryText("SELECT pg_advisory_xact_lock(?)", MIGRATION_LOCK);
    tx.update(
        "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, purpose TEXT NOT NULL, applied_at TEXT NOT NULL)");
    int current =
        Integer.parseInt(tx.queryText("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    if (current > LATEST) {
      throw new IllegalStateException(
          "journal %s has schema version %d but this Baton knows versions up to %d; use a newer Baton to open it"
              .formatted(shown, current, LATEST));
    }
    for (Migration migration : ALL.subList(current, LATEST)) {
      for (String sql : migration.statements()) {
        tx.update(sql);
      }
      tx.update(
          "INSERT INTO schema_version (version, purpose, applied_at) VALUES (?, ?, ?)",
          migration.version(),
          migration.purpose(),
          Timestamps.format(clock.instant()));
    }
  }
}
