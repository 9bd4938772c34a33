package dev.baton.journal;

import dev.baton.engine.Journal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the contract tests' journals live (a SQLite file, or a PostgreSQL database), with the raw
 * ways in that a test needs: a second connection as a careless operator or a damaged disk would
 * use, and a way to let lease time pass.
 */
interface JournalStore {

  /** {@code sqlite} or {@code postgresql}, for messages. */
  String kind();

  /** A journal on this store, as one more process would open it; {@code clock} stamps records. */
  Journal open(Clock clock);

  default Journal open() {
    return open(Clock.systemUTC());
  }

  /** The latest schema version of this kind of journal. */
  int latestSchema();

  /** A raw connection to the store, outside any journal. */
  Connection raw() throws SQLException;

  /** The columns of {@code table}, in order. */
  List<String> columns(String table) throws SQLException;

  /**
   * Lets {@code by} pass for leases, as the journal's own clock sees them: {@code clock} (which
   * stamps SQLite leases) moves on, and a database that keeps its own clock sees its expiries move
   * back instead.
   */
  void elapse(MutableClock clock, Duration by) throws SQLException;

  /** When the lease on {@code system} expires, as stored. */
  Instant leaseExpiry(String system) throws SQLException;

  /** The time windows are judged by: the journal's clock, or the database's. */
  Instant windowTime(MutableClock clock);

  /** Stores a lease on {@code system} that expires far in the future, as another process would. */
  void plantLease(String system, String holder, long pid, String host) throws SQLException;
}
