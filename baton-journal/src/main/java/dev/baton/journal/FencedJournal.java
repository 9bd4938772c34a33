package dev.baton.journal;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A journal's writes under one lease: each carries the lease's epoch; reads pass straight on. */
final class FencedJournal implements Journal {

  private final Fenceable journal;
  private final Fence fence;

  FencedJournal(Fenceable journal, Lease lease) {
    this.journal = journal;
    this.fence = Fence.of(lease);
  }

  @Override
  public RunRecord createRun(RunRecord template) {
    return journal.createRun(template, fence);
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return journal.run(runId);
  }

  @Override
  public List<RunRecord> runs(String system) {
    return journal.runs(system);
  }

  @Override
  public void setStatus(String runId, RunStatus status) {
    journal.setStatus(runId, status, fence);
  }

  @Override
  public JournalEvent append(JournalEvent event) {
    return journal.append(event, fence);
  }

  @Override
  public List<JournalEvent> events(String runId) {
    return journal.events(runId);
  }

  @Override
  public Lease acquireLease(String system, String holder, Duration ttl)
      throws LeaseRefusedException {
    return journal.acquireLease(system, holder, ttl);
  }

  @Override
  public Journal fencedBy(Lease lease) {
    return journal.fencedBy(lease);
  }

  /** The journal stays open: it belongs to whoever opened it, not to this view of one run. */
  @Override
  public void close() {}
}
