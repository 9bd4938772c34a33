package dev.baton.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One row of the {@code leases} table: who holds a system, from which process, until when, and
 * under which epoch (it grows with every new holder, and is kept when a lease is released).
 */
record LeaseRow(
    String system,
    String holder,
    long pid,
    String host,
    long epoch,
    Instant acquiredAt,
    Instant expiresAt) {

  static LeaseRow read(ResultSet rs) throws SQLException {
    return new LeaseRow(
        rs.getString("system"),
        rs.getString("holder"),
        rs.getLong("pid"),
        rs.getString("host"),
        rs.getLong("epoch"),
        Timestamps.parse(rs.getString("acquired_at")),
        Timestamps.parse(rs.getString("expires_at")));
  }

  /** What a request for a lease got: the row to store, or the row of the holder that blocks it. */
  record Grant(LeaseRow granted, LeaseRow blocking) {

    /** The granted row, or the refusal with the blocking holder's sentence. */
    LeaseRow orRefuse() throws dev.baton.engine.LeaseRefusedException {
      if (granted == null) {
        throw new dev.baton.engine.LeaseRefusedException(blocking.refusal());
      }
      return granted;
    }
  }

  /**
   * Decides a request for {@code asked} against the system's {@code current} row at {@code now}:
   * refused while a live holder keeps it, else granted under the epoch that fits.
   */
  static Grant grant(java.util.Optional<LeaseRow> current, LeaseRow asked, Instant now) {
    return grant(current, asked, now, false);
  }

  /**
   * As above; with {@code fresh}, a grant is always under a new epoch, even to the holder of the
   * current one: a fleet claim never continues an earlier claim's lease, it fences it off.
   */
  static Grant grant(
      java.util.Optional<LeaseRow> current, LeaseRow asked, Instant now, boolean fresh) {
    if (current.isEmpty()) {
      return new Grant(asked.withEpoch(1), null);
    }
    LeaseRow c = current.get();
    if (c.blocks(asked, now)) {
      return new Grant(null, c);
    }
    return new Grant(asked.withEpoch(fresh ? c.epoch + 1 : c.epochFor(asked)), null);
  }

  /** This row with another epoch. */
  LeaseRow withEpoch(long newEpoch) {
    return new LeaseRow(system, holder, pid, host, newEpoch, acquiredAt, expiresAt);
  }

  /**
   * The epoch {@code next} holds the system under when it takes over from this row: the same for
   * the same owner, one more for anyone else.
   */
  long epochFor(LeaseRow next) {
    return sameOwner(next) ? epoch : epoch + 1;
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
