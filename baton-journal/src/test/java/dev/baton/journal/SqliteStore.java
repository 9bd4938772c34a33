package dev.baton.journal;

import dev.baton.engine.Journal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The contract tests' SQLite store: one journal file. */
record SqliteStore(Path file) implements JournalStore {

  @Override
  public String kind() {
    return "sqlite";
  }

  @Override
  public Journal open(Clock clock) {
    return SqliteJournal.open(file, clock);
  }

  @Override
  public int latestSchema() {
    return Migrations.LATEST;
  }

  @Override
  public Connection raw() throws SQLException {
    return Fixtures.raw(file);
  }

  @Override
  public List<String> columns(String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = raw();
        ResultSet rs = c.createStatement().executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        out.add(rs.getString("name"));
      }
    }
    return out;
  }

  @Override
  public void elapse(MutableClock clock, Duration by) {
    clock.advance(by);
  }

  @Override
  public Instant windowTime(MutableClock clock) {
    return clock.instant();
  }

  @Override
  public Instant leaseExpiry(String system) throws SQLException {
    try (Connection c = raw();
        PreparedStatement q =
            c.prepareStatement("SELECT expires_at FROM leases WHERE system = ?")) {
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
                    + " VALUES (?, ?, ?, ?, 1, ?, '2099-01-01T00:00:00.000000000Z')")) {
      insert.setString(1, system);
      insert.setString(2, holder);
      insert.setLong(3, pid);
      insert.setString(4, host);
      insert.setString(5, Timestamps.format(Fixtures.T0));
      insert.executeUpdate();
    }
  }
}
