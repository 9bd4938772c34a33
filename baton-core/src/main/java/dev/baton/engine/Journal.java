package dev.baton.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The append-only record of runs. Every append is durable (synced) before it returns, so an intent
 * is on disk before its side effect starts. Reads verify integrity and throw {@link
 * CorruptJournalException} when a record was altered or cut.
 */
public interface Journal extends AutoCloseable {

  /** Creates a run in status RUNNING and returns it with its new id. */
  RunRecord createRun(RunRecord template);

  Optional<RunRecord> run(String runId);

  /** Runs, newest first; of one system when {@code system} is not null. */
  List<RunRecord> runs(String system);

  void setStatus(String runId, RunStatus status);

  /** Appends durably and returns the record with its sequence number. */
  JournalEvent append(JournalEvent event);

  /** All records of a run in order, after verifying their integrity. */
  List<JournalEvent> events(String runId);

  /**
   * Takes the exclusive lease on a system for {@code holder}, or throws when a live holder has it.
   * A lease whose holder stopped renewing for {@code ttl}, or whose holder process on this host is
   * gone, may be taken over.
   */
  Lease acquireLease(String system, String holder, Duration ttl) throws LeaseRefusedException;

  /**
   * This journal with every write checked against {@code lease} in the same transaction: once a
   * newer epoch holds the lease's system, a write throws {@link FencedOffException} and changes
   * nothing. A journal that does not fence returns itself.
   */
  default Journal fencedBy(Lease lease) {
    return this;
  }

  @Override
  void close();
}
