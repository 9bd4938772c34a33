package dev.baton.drivers.postgresql;

import dev.baton.drivers.postgresql.LinkEnd.Subscription;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The SQL the dual-sided links send, with errors as sentences naming the server. */
final class LinkSql {

  private final PgSql sql;
  private final int longest;

  /** {@code longest}: how long a statement on a session of its own may take. */
  LinkSql(PgSql sql, Duration longest) {
    this.sql = sql;
    this.longest = (int) Math.min(Integer.MAX_VALUE, longest.toMillis());
  }

  /** A session of the caller's own, which it closes. */
  Connection session(PgConfig c, Transport t) throws SQLException, DriverException {
    return sql.session(c, t);
  }

  /** The network timeout of a long statement's session, in milliseconds. */
  int longest() {
    return longest;
  }

  /** One side in one database, read in one statement ({@code probe}: with the short timeout). */
  LinkEnd end(PgConfig c, Transport t, String db, boolean probe) throws DriverException {
    PgConfig on = PgLogical.on(c, db);
    try {
      return LinkEnd.of(probe ? sql.probe(on, t, LinkEnd.SQL) : sql.query(on, t, LinkEnd.SQL));
    } catch (SQLException e) {
      throw new DriverException(on.name() + ": " + first(e), LinkEnd.SQL);
    }
  }

  List<Map<String, String>> rows(PgConfig c, Transport t, String statement) throws DriverException {
    try {
      return sql.query(c, t, statement);
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + first(e), statement);
    }
  }

  /** In one read-write transaction, whatever the database defaults to. */
  void write(PgConfig c, Transport t, String statements) throws DriverException {
    try {
      sql.queryAll(c, t, "start transaction read write; " + statements + "; commit");
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + first(e), statements);
    }
  }

  /** A statement that may run longer than a held connection's timeout, on its own session. */
  void longRunning(PgConfig c, Transport t, String statement) throws DriverException {
    try (Connection conn = sql.session(c, t)) {
      conn.setNetworkTimeout(Runnable::run, longest);
      try (var st = conn.createStatement()) {
        st.execute(statement);
      }
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + first(e), statement);
    }
  }

  static String first(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse("");
  }

  /** Disables, detaches from its slot (which stays on the publisher) and drops a subscription. */
  void dropSubscription(PgConfig s, Transport st, Subscription sub) throws DriverException {
    String name = PgLogical.ident(sub.name());
    StringBuilder b = new StringBuilder();
    if (sub.enabled()) {
      b.append("alter subscription ").append(name).append(" disable; ");
    }
    if (sub.slot() != null) {
      b.append("alter subscription ").append(name).append(" set (slot_name = none); ");
    }
    // Without a slot it may be dropped in a transaction.
    b.append("drop subscription ").append(name);
    write(s, st, b.toString());
  }
}
