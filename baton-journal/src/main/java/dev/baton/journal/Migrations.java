package dev.baton.journal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/** The journal's schema as an ordered list of migrations; version N is the N-th entry. */
final class Migrations {

  /**
   * One schema change: the statements that move the schema to {@code version}, then {@code rows},
   * which brings existing rows along (or does nothing).
   */
  record Migration(int version, String purpose, List<String> statements, RowWork rows) {
    Migration(int version, String purpose, List<String> statements) {
      this(version, purpose, statements, file -> {});
    }
  }

  /** Work on existing rows that SQL alone cannot do. */
  @FunctionalInterface
  interface RowWork {
    void run(SqliteFile file) throws SQLException;
  }

  static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "runs, hash-chained events and system leases",
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
                    event_count INTEGER NOT NULL,
                    last_hash TEXT NOT NULL)""",
                  "CREATE INDEX runs_by_system ON runs(system, created_at)",
                  """
                  CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id TEXT NOT NULL REFERENCES runs(run_id),
                    step_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    decision_kind TEXT,
                    sentence TEXT,
                    evidence TEXT NOT NULL,
                    at TEXT NOT NULL,
                    data TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL)""",
                  "CREATE INDEX events_by_run ON events(run_id, seq)",
                  """
                  CREATE TABLE leases (
                    system TEXT PRIMARY KEY,
                    holder TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    host TEXT NOT NULL,
                    acquired_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL)""")),
          new Migration(
              2,
              "a seal over every column of a run's row",
              List.of("ALTER TABLE runs ADD COLUMN seal TEXT NOT NULL DEFAULT ''"),
              Migrations::sealExistingRuns),
          new Migration(
              3,
              "lease epochs, and the epoch each record was written under",
              List.of(
                  "ALTER TABLE leases ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0",
                  "ALTER TABLE events ADD COLUMN epoch INTEGER")),
          new Migration(
              4,
              "fleets, their systems in waves, and their limits",
              FleetTables.schema("INTEGER")));

  static final int LATEST = ALL.size();

  private Migrations() {}

  /**
   * Brings the schema up to {@link #LATEST}; the caller runs this inside a write transaction so
   * that a half-applied migration is never visible.
   */
  static void apply(SqliteFile file, Clock clock) throws SQLException {
    file.update(
        "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, purpose TEXT NOT NULL, applied_at TEXT NOT NULL)");
    int current =
        Integer.parseInt(file.queryText("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    if (current > LATEST) {
      throw new IllegalStateException(
          "journal file %s has schema version %d but this Baton knows versions up to %d; use a newer Baton to open it"
              .formatted(file.path(), current, LATEST));
    }
    for (Migration migration : ALL.subList(current, LATEST)) {
      for (String sql : migration.statements()) {
        file.update(sql);
      }
      migration.rows().run(file);
      file.update(
          "INSERT INTO schema_version (version, purpose, applied_at) VALUES (?, ?, ?)",
          migration.version(),
          migration.purpose(),
          Timestamps.format(clock.instant()));
    }
  }

  /** Seals the rows a version 1 journal holds, trusting them as the upgrade finds them. */
  private static void sealExistingRuns(SqliteFile file) throws SQLException {
    List<Object[]> seals = new java.util.ArrayList<>();
    try (var query =
            file.prepare("SELECT " + RunRows.COLUMNS + ", event_count, last_hash FROM runs");
        var rs = query.executeQuery()) {
      while (rs.next()) {
        String[] stored = new String[11];
        for (int i = 0; i < stored.length; i++) {
          stored[i] = rs.getString(i + 1);
        }
        seals.add(new Object[] {RunRows.seal(stored, rs.getLong(12), rs.getString(13)), stored[0]});
      }
    }
    for (Object[] s : seals) {
      file.update("UPDATE runs SET seal = ? WHERE run_id = ?", s);
    }
  }
}
