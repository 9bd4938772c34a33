package dev.baton.journal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Statements inside one open transaction of a journal's database, whichever database it is. */
interface Sql {

  PreparedStatement prepare(String sql, Object... parameters) throws SQLException;

  int update(String sql, Object... parameters) throws SQLException;

  /** The first column of the first row as text, or null when there is no row. */
  String queryText(String sql, Object... parameters) throws SQLException;
}
