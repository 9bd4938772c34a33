package dev.baton.journal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The PostgreSQL database of a shared journal: a few connections, transactions on them, and
 * failures turned into sentences that never carry the password.
 */
final class PgDatabase implements AutoCloseable {

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** Connections a process keeps open: enough for a worker's runs, its renewals and its claims. */
  static final int CONNECTIONS = 8;

  private static final int RETRIES = 5;

  private enum State {
    OPEN,
    CLOSED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
  private final String url;
  private final Properties properties;
  private final String shown;
  private final Semaphore permits = new Semaphore(CONNECTIONS, true);
  private final Deque<Connection> idle = new ArrayDeque<>();

  /**
   * A database at JDBC {@code url} with connection {@code properties} (user, password, …); {@code
   * shown} is how sentences name it, without the password.
   */
  PgDatabase(String url, Properties properties, String shown) {
    this.url = url;
    this.properties = properties;
    this.shown = shown;
  }

  String shown() {
    return shown;
  }

  /**
   * Runs {@code work} in a read-committed transaction that may write; rows it must keep, it locks.
   */
  <T> T write(Work<T> work) {
    return transaction(false, work);
  }

  /**
   * Runs {@code work} on one snapshot (repeatable read, read only), so a run's header and its
   * records are read as of the same moment.
   */
  <T> T read(Work<T> work) {
    return transaction(true, work);
  }

  private <T> T transaction(boolean snapshot, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      Connection c = borrow();
      boolean healthy = true;
      boolean committing = false;
      try {
        c.setTransactionIsolation(
            snapshot
                ? Connection.TRANSACTION_REPEATABLE_READ
                : Connection.TRANSACTION_READ_COMMITTED);
        c.setReadOnly(snapshot);
        T result = work.run(new Tx(c));
        committing = true;
        c.commit();
        return result;
      } catch (SQLException e) {
        rollback(c);
        healthy = !isConnectionLost(e);
        // A session lost before its commit was sent committed nothing (the server ended it, say,
        // because this process was frozen inside it): the work runs again on a new connection,
        // and reads afresh whatever changed meanwhile, such as a lease taken over.
        boolean lostBeforeCommit = !healthy && !committing;
        if ((isRetryable(e) || lostBeforeCommit) && attempt < RETRIES) {
          continue;
        }
        throw failure(e);
      } catch (RuntimeException e) {
        rollback(c);
        throw e;
      } finally {
        giveBack(c, healthy);
      }
    }
  }

  /** The failure as an exception with a sentence naming the database (never its password). */
  RuntimeException failure(SQLException e) {
    return new IllegalStateException("journal " + shown + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (state.compareAndSet(State.OPEN, State.CLOSED)) {
      synchronized (idle) {
        idle.forEach(PgDatabase::closeQuietly);
        idle.clear();
      }
    }
  }

  private Connection borrow() {
    requireOpen();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for journal " + shown, e);
    }
    synchronized (idle) {
      if (!idle.isEmpty()) {
        return idle.pop();
      }
    }
    try {
      return connect();
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e instanceof SQLException sql ? failure(sql) : (RuntimeException) e;
    }
  }

  private void giveBack(Connection c, boolean healthy) {
    try {
      if (healthy && state.get() == State.OPEN) {
        synchronized (idle) {
          idle.push(c);
        }
      } else {
        closeQuietly(c);
      }
    } finally {
      permits.release();
    }
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, properties);
    try (Statement s = c.createStatement()) {
      // A Baton frozen inside a transaction must not hold a lease row locked for ever: the server
      // ends its session, so that another worker can take the lease over once it expires.
      s.execute("SET idle_in_transaction_session_timeout = '5s'");
      s.execute("SET application_name = 'baton'");
      String commit = queryText(c, "SHOW synchronous_commit");
      if ("off".equals(commit) || "local".equals(commit)) {
        // An append must be durable before its side effect starts, whatever the server default.
        s.execute("SET synchronous_commit = on");
      }
    }
    c.setAutoCommit(false);
    return c;
  }

  private static String queryText(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private void requireOpen() {
    if (state.get() != State.OPEN) {
      throw new IllegalStateException("journal " + shown + " is closed");
    }
  }

  // 40001 serialization failure, 40P01 deadlock: the transaction did nothing and may run again.
  private static boolean isRetryable(SQLException e) {
    String code = e.getSQLState();
    return "40001".equals(code) || "40P01".equals(code);
  }

  // Class 08 (connection exception), 57P01 (admin shutdown), or a session ended by the server.
  private static boolean isConnectionLost(SQLException e) {
    String code = e.getSQLState();
    return code == null || code.startsWith("08") || code.startsWith("57P") || "25P03".equals(code);
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection may be gone; the original failure is what matters.
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing a broken connection can fail; nothing to do
    }
  }

  /** Statements inside one transaction. */
  static final class Tx implements Sql {
    private final Connection connection;

    private Tx(Connection connection) {
      this.connection = connection;
    }

    @Override
    public PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
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

    @Override
    public String queryText(String sql, Object... parameters) throws SQLException {
      try (PreparedStatement query = prepare(sql, parameters);
          ResultSet rs = query.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
