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
 * code reaches a remote host. A connection that fails is dropped and opened again once.
 */
final class PgSql implements AutoCloseable {

  private final Map<String, Connection> open = new HashMap<>();
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

  /** Rows as column-name maps; throws when the server cannot be reached or the SQL fails. */
  synchronized List<Map<String, String>> query(PgConfig c, Transport t, String sql)
      throws SQLException, DriverException {
    try {
      return run(connection(c, t), sql);
    } catch (SQLException first) {
      drop(c.name());
      return run(connection(c, t), sql);
    }
  }

  synchronized void execute(PgConfig c, Transport t, String sql)
      throws SQLException, DriverException {
    query(c, t, sql);
  }

  private static List<Map<String, String>> run(Connection conn, String sql) throws SQLException {
    try (Statement st = conn.createStatement()) {
      List<Map<String, String>> rows = new ArrayList<>();
      if (!st.execute(sql)) {
        return rows;
      }
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
  }

  private Connection connection(PgConfig c, Transport t) throws SQLException, DriverException {
    Connection conn = open.get(c.name());
    if (conn != null && !conn.isClosed()) {
      return conn;
    }
    InetSocketAddress a = t.reach(c.host(), c.port());
    Properties p = new Properties();
    p.setProperty("user", c.dbUser());
    p.setProperty("connectTimeout", "1");
    p.setProperty("loginTimeout", "2");
    p.setProperty("socketTimeout", "10");
    p.setProperty("ApplicationName", "baton");
    if (!c.passwordSecret().isEmpty()) {
      p.setProperty("password", password(c));
    }
    conn =
        DriverManager.getConnection(
            "jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/" + c.database(), p);
    conn.setAutoCommit(true);
    open.put(c.name(), conn);
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
