package dev.baton.journal;

import dev.baton.engine.CorruptJournalException;
import java.sql.SQLException;

/**
 * The one row that counts the runs a PostgreSQL journal ever created, sealed like a run's header:
 * what the SQLite journal's anchor file does for deleted runs, kept where a server database keeps
 * everything. A run deleted with its records leaves fewer runs than the head counts.
 */
final class PgHead {

  private PgHead() {}

  static String seal(long runs) {
    return Digest.of("journal-head", Long.toString(runs));
  }

  /** The number of runs created, its seal checked; {@code lock} holds the row until commit. */
  static long runsCreated(PgDatabase.Tx tx, boolean lock, String shown) throws SQLException {
    try (var q =
            tx.prepare(
                "SELECT runs, seal FROM journal_head WHERE id = 1" + (lock ? " FOR UPDATE" : ""));
        var rs = q.executeQuery()) {
      if (!rs.next()) {
        throw new CorruptJournalException(
            "journal %s has lost the row that counts its runs%s"
                .formatted(shown, SqliteFile.NO_ACTION));
      }
      long runs = rs.getLong(1);
      if (!seal(runs).equals(rs.getString(2))) {
        throw new CorruptJournalException(
            "the count of runs of journal %s was altered: its seal does not match%s"
                .formatted(shown, SqliteFile.NO_ACTION));
      }
      return runs;
    }
  }

  /** Refuses a journal that holds another number of runs than it created. */
  static void check(PgDatabase.Tx tx, String shown) throws SQLException {
    long created = runsCreated(tx, false, shown);
    long held = Long.parseLong(tx.queryText("SELECT COUNT(*) FROM runs"));
    if (held < created) {
      throw new CorruptJournalException(
          "journal %s holds %d runs, but %d were created before: runs were deleted%s"
              .formatted(shown, held, created, SqliteFile.NO_ACTION));
    }
    if (held > created) {
      throw new CorruptJournalException(
          "journal %s holds %d runs, but only %d were created: runs were added outside Baton%s"
              .formatted(shown, held, created, SqliteFile.NO_ACTION));
    }
  }

  static void count(PgDatabase.Tx tx, long runs) throws SQLException {
    tx.update("UPDATE journal_head SET runs = ?, seal = ? WHERE id = 1", runs, seal(runs));
  }
}
