package dev.baton.drivers.postgresql;

import java.time.Instant;

/**
 * One reading of a replication link at {@code at}: the primary's WAL position and cumulative
 * counters (from {@code pg_stat_database}, summed over every database), and how many bytes of WAL
 * the standby has still to replay ({@code -1} when it is not streaming).
 */
public record LinkSample(
    Instant at,
    String primary,
    long walLsn,
    long lagBytes,
    long committed,
    long inserted,
    long updated,
    long deleted) {

  /** The rows inserted, updated and deleted so far. */
  public long rowsChanged() {
    return inserted + updated + deleted;
  }
}
