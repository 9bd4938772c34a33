package dev.baton.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** One row of the {@code leases} table: who holds a system, from which process, and until when. */
record LeaseRow(
    String system, String holder, long pid, String host, Instant acquiredAt, Instant expiresAt) {

  static LeaseRow read(ResultSet rs) throws SQLException {
    return new LeaseRow(
        rs.getString("system"),
        rs.getString("holder"),
        rs.getLong("pid"),
        rs.getString("host"),
        Timestamps.parse(rs.getString("acquired_at")),
        Timestamps.parse(rs.getString("expires_at")));
  }

  /**
   * Whether this lease keeps {@code requester} out at {@code now}. The owner is the holder in one
   * process: the same run id from a second live process is refused too, so that two Batons never
   * drive one run at once.
   */
  boolean blocks(LeaseRow requester, Instant now) {
    return !sameOwner(requester) && now.isBefore(expiresAt) && !isOrphanedOn(requester.host());
  }

  boolean sameOwner(LeaseRow other) {
    return holder.equals(other.holder) && pid == other.pid && host.equals(other.host);
  }

  /** The sentence that explains a refusal to the operator. */
  String refusal() {
    return "system %s is held by run %s (pid %d on host %s) until %s; refusing to act"
        .formatted(system, holder, pid, host, Timestamps.timeOfDay(expiresAt));
  }

  // Only a process on this host can be checked; elsewhere the lease must run out its ttl.
  private boolean isOrphanedOn(String localHost) {
    return host.equals(localHost)
        && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
