package dev.baton.journal;

import dev.baton.engine.CorruptJournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.sqlite.SQLiteErrorCode;

/**
 * One SQLite file on one connection: its durability settings, its integrity check, transactions,
 * and SQLite errors turned into sentences. Not thread-safe; {@link SqliteJournal} serialises calls.
 */
final class SqliteFile implements Sql, AutoCloseable {

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  private enum State {
    OPEN,
    CLOSED
  }

  static final String NO_ACTION = "; no automatic action will be taken";

  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
  private final Path path;
  private final Connection connection;

  private SqliteFile(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  /** Opens (creating if needed) the file, sets it up for durable shared use and checks it. */
  static SqliteFile open(Path file) {
    Path path = file.toAbsolutePath();
    createParentDirectories(path);
    SqliteFile opened;
    try {
      opened = new SqliteFile(path, DriverManager.getConnection("jdbc:sqlite:" + path));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open journal file " + path + ": " + e.getMessage(), e);
    }
    try {
      opened.configure();
      return opened;
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /** Runs {@code work} holding the write lock from the start, so it never fails half way. */
  <T> T write(SqlWork<T> work) {
    return transaction("BEGIN IMMEDIATE", work);
  }

  /** Runs {@code work} on one consistent snapshot of the file. */
  <T> T read(SqlWork<T> work) {
    return transaction("BEGIN DEFERRED", work);
  }

  @Override
  public PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
    requireOpen();
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }

  @Override
  public int update(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  /** The first column of the first row as text, or null when there is no row. */
  @Override
  public String queryText(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement query = prepare(sql, parameters);
        ResultSet rs = query.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The SQLite error as an exception with a sentence; damage becomes CorruptJournalException. */
  RuntimeException failure(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
      return damaged("its database image is malformed");
    }
    if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
      return damaged("it is not a database file");
    }
    return new IllegalStateException("journal file " + path + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (state.compareAndSet(State.OPEN, State.CLOSED)) {
      try {
        connection.close();
      } catch (SQLException e) {
        throw failure(e);
      }
    }
  }

  private static void createParentDirectories(Path path) {
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the directory of journal file " + path + ": " + e.getMessage(), e);
    }
  }

  private void configure() {
    try (Statement statement = connection.createStatement()) {
      // Wait for another Baton's write transaction instead of failing at once.
      statement.execute("PRAGMA busy_timeout = 5000");
      statement.execute("PRAGMA foreign_keys = ON");
      // FULL syncs the write-ahead log at every commit: an appended intent survives power loss.
      statement.execute("PRAGMA synchronous = FULL");
      requireWal(queryText("PRAGMA journal_mode = WAL"));
      // Damage in pages a later read never touches is still damage; only a b-tree walk finds it.
      String check = queryText("PRAGMA quick_check");
      if (!"ok".equals(check)) {
        throw damaged(check);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void requireWal(String mode) {
    if (!"wal".equalsIgnoreCase(mode)) {
      throw new IllegalStateException(
          "journal file %s cannot use write-ahead logging (its mode is %s); refusing to open it"
              .formatted(path, mode));
    }
  }

  private <T> T transaction(String begin, SqlWork<T> work) {
    requireOpen();
    try (Statement statement = connection.createStatement()) {
      statement.execute(begin);
      try {
        T result = work.run();
        statement.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(statement);
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static void rollback(Statement statement) {
    try {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite may already have rolled back on the error; the original error is what matters.
    }
  }

  private void requireOpen() {
    if (state.get() != State.OPEN) {
      throw new IllegalStateException("journal file " + path + " is closed");
    }
  }

  private CorruptJournalException damaged(String what) {
    return new CorruptJournalException(
        "journal file %s is damaged: %s%s".formatted(path, what, NO_ACTION));
  }
}
