package dev.baton.drivers.postgresql;

import dev.baton.engine.DriverException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements on a caller's own JDBC session (a copy's source or target), where a failure becomes a
 * sentence naming what was being done. Evidence carries the statement unless the caller says it
 * holds a secret.
 */
final class PgRows {

  private PgRows() {}

  /** Rows as column-label maps, every value as text (null stays null). */
  static List<Map<String, String>> of(Connection conn, String what, String sql)
      throws DriverException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, String>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw failed(what, e, sql);
    }
  }

  /** The one value of a one-row, one-column query. */
  static String one(Connection conn, String what, String sql) throws DriverException {
    List<Map<String, String>> rows = of(conn, what, sql);
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }

  static void exec(Connection conn, String what, String sql) throws DriverException {
    exec(conn, what, sql, sql);
  }

  /** As {@link #exec(Connection, String, String)}, with {@code evidence} in place of the SQL. */
  static void exec(Connection conn, String what, String sql, String evidence)
      throws DriverException {
    try (Statement st = conn.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw failed(what, e, evidence);
    }
  }

  private static DriverException failed(String what, SQLException e, String evidence) {
    String cause = e.getMessage() == null ? e.toString() : e.getMessage();
    return new DriverException(
        what + " failed: " + cause.lines().findFirst().orElse("").strip(), evidence);
  }

  /** {@code s} as an SQL string literal (standard_conforming_strings is on since 9.1). */
  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** {@code s} as a quoted SQL identifier. */
  static String ident(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
