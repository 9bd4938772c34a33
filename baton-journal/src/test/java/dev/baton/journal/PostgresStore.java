package dev.baton.journal;

import dev.baton.engine.Journal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The contract tests' PostgreSQL store: one fresh database on the shared test server. */
record PostgresStore(String url) implements JournalStore {

  /** A new, empty database on the server the test kit started. */
  static PostgresStore fresh() {
    return new PostgresStore(PostgresServer.newDatabase());
  }

  @Override
  public String kind() {
    return "postgresql";
  }

  @Override
  public Journal open(Clock clock) {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    return PostgresJournal.open(url, p, url, clock);
  }

  @Override
  public int latestSchema() {
    return PgMigrations.LATEST;
  }

  /**
   * Parameters typed by the server, so a test can set any column from text as SQLite allows, and no
   * foreign key checked, as an operator editing rows by hand with triggers off would do.
   */
  @Override
  public Connection raw() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("stringtype", "unspecified");
    Connection c = DriverManager.getConnection(url, p);
    try (var s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
    }
    return c;
  }

  @Override
  public List<String> columns(String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = raw();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_name = ? AND table_schema = current_schema()"
                    + " ORDER BY ordinal_position")) {
      q.setString(1, table);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  public void elapse(MutableClock clock, Duration by) throws SQLException {
    clock.advance(by);
    try (Connection c = raw();
        PreparedStatement u =
            c.prepareStatement(
                "UPDATE leases SET acquired_at = acquired_at - ?::interval,"
                    + " expires_at = expires_at - ?::interval")) {
      u.setString(1, PostgresJournal.interval(by));
      u.setString(2, PostgresJournal.interval(by));
      u.executeUpdate();
    }
  }

  @Override
  public Instant windowTime(MutableClock clock) {
    return Instant.now(); // the server runs on this machine: its clock is this one
  }

  @Override
  public Instant leaseExpiry(String system) throws SQLException {
    try (Connection c = raw();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT " + PostgresJournal.iso("expires_at") + " FROM leases WHERE system = ?")) {
      q.setString(1, system);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return Timestamps.parse(rs.getString(1));
      }
    }
  }

  @Override
  public void plantLease(String system, String holder, long pid, String host) throws SQLException {
    try (Connection c = raw();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO leases (system, holder, pid, host, epoch, acquired_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, 1, clock_timestamp(), '2099-01-01T00:00:00Z')")) {
      insert.setString(1, system);
      insert.setString(2, holder);
      insert.setLong(3, pid);
      insert.setString(4, host);
      insert.executeUpdate();
    }
  }
}
