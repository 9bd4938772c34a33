package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * SQL to each server over a held connection, opened through the node's transport so that the same
 * code reaches a remote host. A held connection that fails is dropped and opened again once.
 */
final class PgSql implements AutoCloseable {

  /** How long a statement may wait on the network before its server counts as not answering. */
  static final int SOCKET_TIMEOUT_MS = 10_000;

  /** As {@link #SOCKET_TIMEOUT_MS}, for the short reads that observe a server's state. */
  static final int PROBE_TIMEOUT_MS = 2_000;

  /**
   * A server that did not answer in time (a cut link, a frozen postmaster: the attempt waited for
   * its timeout, unlike a refused connection) is not asked again for this long: every observation
   * in between would wait the whole timeout again, and a failover would wait on the dead. It goes
   * straight to what can be seen without it (its control file, its processes) instead.
   */
  static final long QUIET_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  private static final long SLOW_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(900);

  private final Map<String, Connection> open = new HashMap<>();

  /**
   * Silent servers by the address Baton reaches them at, for the whole process: that a server did
   * not answer is a fact about it, not about one driver (a watch's failover opens its own driver,
   * and must not wait on a server the watch already found frozen). Over SSH the address is the
   * session's local forward, so a new session asks again.
   */
  private static final Map<String, Silence> SILENT = new java.util.concurrent.ConcurrentHashMap<>();

  /** Each component's address as last reached, the key into {@link #SILENT}. */
  private final Map<String, String> addresses = new HashMap<>();

  /** When a server last failed to answer in time, and how. */
  private record Silence(long atNanos, String why) {}

  private final java.util.function.Function<String, String> secrets;

  /** Connections without passwords: a component that names a password secret is refused. */
  PgSql() {
    this(
        name -> {
          throw new IllegalArgumentException("no secrets are available to this driver");
        });
  }

  /** {@code secrets} gives a secret's value by its topology name, at the moment it is needed. */
  PgSql(java.util.function.Function<String, String> secrets) {
    this.secrets = secrets;
  }

  /** A topology secret's value, read when it is needed; a sentence when it is not there. */
  String secret(String name) {
    return secrets.apply(name);
  }

  /** Rows as column-name maps; throws when the server cannot be reached or the SQL fails. */
  synchronized List<Map<String, String>> query(PgConfig c, Transport t, String sql)
      throws SQLException, DriverException {
    return timed(c, t, sql, SOCKET_TIMEOUT_MS);
  }

  /** The rows of each statement {@code sql} holds, in order, with {@link #query}'s timeout. */
  synchronized List<List<Map<String, String>>> queryAll(PgConfig c, Transport t, String sql)
      throws SQLException, DriverException {
    return timedAll(c, t, sql, SOCKET_TIMEOUT_MS);
  }

  /**
   * As {@link #query}, for a short read of a server's state: it waits on the network at most {@link
   * #PROBE_TIMEOUT_MS}.
   */
  synchronized List<Map<String, String>> probe(PgConfig c, Transport t, String sql)
      throws SQLException, DriverException {
    return timed(c, t, sql, probeMs(t));
  }

  /**
   * As {@link #probe}, for several statements sent together: one round trip to the server instead
   * of one each. The rows of each statement, in order.
   */
  synchronized List<List<Map<String, String>>> probeAll(
      PgConfig c, Transport t, List<String> statements) throws SQLException, DriverException {
    return timedAll(c, t, String.join(";\n", statements), probeMs(t));
  }

  /** {@link #PROBE_TIMEOUT_MS}, or longer through a transport whose network is slower (SSH). */
  private static int probeMs(Transport t) {
    return (int) Math.max(PROBE_TIMEOUT_MS, Math.min(t.patience().toMillis(), SOCKET_TIMEOUT_MS));
  }

  private List<Map<String, String>> timed(PgConfig c, Transport t, String sql, int timeoutMs)
      throws SQLException, DriverException {
    List<List<Map<String, String>>> results = timedAll(c, t, sql, timeoutMs);
    return results.isEmpty() ? new ArrayList<>() : results.get(0);
  }

  private List<List<Map<String, String>>> timedAll(
      PgConfig c, Transport t, String sql, int timeoutMs) throws SQLException, DriverException {
    long start = System.nanoTime();
    boolean held = isOpen(c.name());
    try {
      try {
        return run(connection(c, t), sql, timeoutMs);
      } catch (SQLException first) {
        drop(c.name());
        // A held connection may have broken since its last use: open a new one once. A new one
        // that failed would fail again now (a stopped server refuses, over pgjdbc's login thread,
        // a few milliseconds each time), and observations between a fence and the release ask
        // the stopped server at every step.
        if (!held || silence(first, start)) {
          throw first;
        }
        return run(connection(c, t), sql, timeoutMs);
      }
    } catch (SQLException e) {
      String address = addresses.get(c.name());
      if (address != null && silence(e, start)) {
        SILENT.put(address, new Silence(System.nanoTime(), e.getMessage()));
      }
      throw e;
    }
  }

  /**
   * Whether a failure means the server gave no answer in time: a connection failure (SQLSTATE class
   * 08: refused, timed out, I/O error) that took the timeout. A statement the server answered with
   * an error, however late, is an answer.
   */
  private static boolean silence(SQLException e, long startNanos) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08") && System.nanoTime() - startNanos >= SLOW_NANOS;
  }

  synchronized void execute(PgConfig c, Transport t, String sql)
      throws SQLException, DriverException {
    query(c, t, sql);
  }

  /** The rows of each statement {@code sql} holds, in order (none for one that returns none). */
  private static List<List<Map<String, String>>> run(Connection conn, String sql, int timeoutMs)
      throws SQLException {
    conn.setNetworkTimeout(Runnable::run, timeoutMs);
    try (Statement st = conn.createStatement()) {
      List<List<Map<String, String>>> results = new ArrayList<>();
      boolean rows = st.execute(sql);
      while (true) {
        if (rows) {
          results.add(rows(st));
        } else if (st.getUpdateCount() == -1) {
          return results;
        } else {
          results.add(new ArrayList<>());
        }
        rows = st.getMoreResults();
      }
    }
  }

  private static List<Map<String, String>> rows(Statement st) throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (ResultSet rs = st.getResultSet()) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private boolean isOpen(String name) {
    Connection conn = open.get(name);
    try {
      return conn != null && !conn.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  private Connection connection(PgConfig c, Transport t) throws SQLException, DriverException {
    Connection conn = open.get(c.name());
    if (conn != null && !conn.isClosed()) {
      return conn;
    }
    InetSocketAddress a = t.reach(c.host(), c.port());
    String address = a.getHostString() + ":" + a.getPort();
    addresses.put(c.name(), address);
    Silence quiet = SILENT.get(address);
    if (quiet != null && System.nanoTime() - quiet.atNanos() < QUIET_NANOS) {
      throw new SQLException(
          "no answer at "
              + c.host()
              + ":"
              + c.port()
              + " "
              + (System.nanoTime() - quiet.atNanos()) / 1_000_000
              + " ms ago ("
              + quiet.why()
              + "); not asked again yet",
          "08000");
    }
    SILENT.remove(address);
    conn = connect(c, t, a);
    open.put(c.name(), conn);
    return conn;
  }

  /**
   * A connection of the caller's own, not held here and not shared with observations: for work that
   * lives in one session (a backup started and stopped in it), which a held connection that an
   * observation drops and opens again would end. The caller closes it.
   */
  Connection session(PgConfig c, Transport t) throws SQLException, DriverException {
    return connect(c, t, t.reach(c.host(), c.port()));
  }

  private Connection connect(PgConfig c, Transport t, InetSocketAddress a)
      throws SQLException, DriverException {
    Properties p = new Properties();
    p.setProperty("user", c.dbUser());
    // A login through an SSH forward crosses the node's link several times: a slower link (a
    // longer SSH connect timeout) gets as long, up to the statement timeout.
    long slow = Math.min(t.patience().toSeconds(), SOCKET_TIMEOUT_MS / 1000);
    boolean local = slow <= PROBE_TIMEOUT_MS / 1000;
    p.setProperty("connectTimeout", local ? "1" : Long.toString(slow));
    p.setProperty("loginTimeout", local ? "2" : Long.toString(slow));
    p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_MS / 1000));
    p.setProperty("ApplicationName", "baton");
    if (!c.passwordSecret().isEmpty()) {
      p.setProperty("password", password(c));
    }
    Connection conn =
        DriverManager.getConnection(
            "jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/" + c.database(), p);
    conn.setAutoCommit(true);
    return conn;
  }

  private String password(PgConfig c) throws DriverException {
    try {
      return secrets.apply(c.passwordSecret());
    } catch (IllegalArgumentException e) {
      throw new DriverException(
          "cannot connect to " + c.name() + " as " + c.dbUser() + ": " + e.getMessage(), "");
    }
  }

  synchronized void drop(String name) {
    Connection conn = open.remove(name);
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException ignored) {
        // already broken; nothing to release
      }
    }
  }

  @Override
  public synchronized void close() {
    for (String n : List.copyOf(open.keySet())) {
      drop(n);
    }
  }
}
