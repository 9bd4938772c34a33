package dev.baton.testkit.workload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/** One connection through the workload URL, and the insert that says who acknowledged it. */
final class Inserter implements AutoCloseable {

  static final String CREATE_TABLE =
      "CREATE TABLE IF NOT EXISTS baton_workload"
          + " (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())";

  // The acknowledging server and its timeline come back in the insert's own round trip, so they
  // name the server that committed, not one asked afterwards. host() drops inet's "/32"; a Unix
  // socket has no address, so the port then comes from the settings. The timeline is the first
  // eight hex digits of the current WAL file name.
  static final String INSERT =
      "INSERT INTO baton_workload (id) VALUES (?) RETURNING"
          + " coalesce(host(inet_server_addr()), 'local') || ':'"
          + " || coalesce(inet_server_port(), current_setting('port')::int),"
          + " pg_walfile_name(pg_current_wal_lsn())";

  private final String url;
  private final Properties properties;
  // Volatile so that stop() can abort a connection stuck in the network from another thread.
  private volatile Connection connection;
  private PreparedStatement insert;

  Inserter(String url, Properties properties) {
    this.url = url;
    this.properties = properties;
  }

  /** Creates the table if missing and returns the highest id already in it. */
  long prepareTable() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, properties);
        Statement s = c.createStatement()) {
      s.execute(CREATE_TABLE);
      try (ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM baton_workload")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The ids from {@code fromId} up that the table holds now. */
  Set<Long> readIds(long fromId) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url, properties);
        PreparedStatement s = c.prepareStatement("SELECT id FROM baton_workload WHERE id >= ?")) {
      s.setLong(1, fromId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  /** Inserts {@code id} in its own transaction, reconnecting first if needed. */
  Op insert(long id) {
    OpStart connecting = OpStart.now();
    try {
      connectIfNeeded();
    } catch (SQLException e) {
      close();
      return connecting.end(id, Outcome.FAILED, null, null, Jdbc.describe(e));
    }
    // The op's interval starts when the statement is sent, so that connect time never widens an
    // acknowledgement's interval and makes a clean handover look like two actives.
    OpStart sent = OpStart.now();
    try {
      insert.setLong(1, id);
      try (ResultSet rs = insert.executeQuery()) {
        return acknowledged(id, sent, rs);
      }
    } catch (SQLException e) {
      close();
      return sent.end(id, Outcome.afterSending(e), null, null, Jdbc.describe(e));
    }
  }

  private Op acknowledged(long id, OpStart sent, ResultSet rs) throws SQLException {
    if (!rs.next()) {
      // The statement completed yet said nothing: be conservative.
      return sent.end(id, Outcome.UNKNOWN, null, null, "the insert returned no row");
    }
    return sent.end(id, Outcome.OK, rs.getString(1), timeline(rs.getString(2)), null);
  }

  /** The timeline in a WAL file name such as 000000020000000000000003, or null. */
  static Long timeline(String walFileName) {
    if (walFileName == null || walFileName.length() < 8) {
      return null;
    }
    try {
      return Long.parseLong(walFileName.substring(0, 8), 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void connectIfNeeded() throws SQLException {
    if (connection == null) {
      Connection c = DriverManager.getConnection(url, properties);
      try {
        // Autocommit: the insert is its own transaction, committed within the same round trip.
        c.setAutoCommit(true);
        insert = c.prepareStatement(INSERT);
      } catch (SQLException e) {
        Jdbc.closeQuietly(c);
        throw e;
      }
      connection = c;
    }
  }

  /** Cuts the connection from another thread, failing the op in flight as unknown. */
  void abort() {
    Connection c = connection;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException e) {
        // Already broken; the loop will see it.
      }
    }
  }

  @Override
  public void close() {
    Jdbc.closeQuietly(connection);
    connection = null;
    insert = null;
  }
}
