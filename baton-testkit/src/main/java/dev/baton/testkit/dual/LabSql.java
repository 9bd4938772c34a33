package dev.baton.testkit.dual;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/** Plain JDBC to one database of one lab server, as the postgres user. */
final class LabSql {

  private LabSql() {}

  static String url(String address, int port, String db) {
    return "jdbc:postgresql://" + address + ":" + port + "/" + db + "?user=postgres";
  }

  static SqlResult run(String address, int port, String db, String query) throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "60");
    try (Connection c = DriverManager.getConnection(url(address, port, db), p);
        Statement s = c.createStatement()) {
      if (!s.execute(query)) {
        return new SqlResult(List.of(), List.of());
      }
      try (ResultSet rs = s.getResultSet()) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(md.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            row.add(rs.getString(i));
          }
          rows.add(Collections.unmodifiableList(row));
        }
        return new SqlResult(List.copyOf(columns), List.copyOf(rows));
      }
    }
  }
}
