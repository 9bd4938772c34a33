package dev.baton.app.fleet;

import dev.baton.engine.FencedOffException;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A journal that remembers the first write it refused to a run's lease, so that a worker can say
 * exactly why it stopped instead of inferring it from the run's last sentence.
 */
final class FenceWatch implements Journal {

  private final Journal inner;
  private final AtomicReference<FencedOffException> refused;

  FenceWatch(Journal inner) {
    this(inner, new AtomicReference<>());
  }

  private FenceWatch(Journal inner, AtomicReference<FencedOffException> refused) {
    this.inner = inner;
    this.refused = refused;
  }

  /** The first refusal of a fenced write, if there was one. */
  Optional<FencedOffException> refusal() {
    return Optional.ofNullable(refused.get());
  }

  @Override
  public Journal fencedBy(Lease lease) {
    return new FenceWatch(inner.fencedBy(lease), refused);
  }

  /** Runs a write about the run elsewhere (the fleet's own tables), remembering its refusal. */
  <T> T watched(java.util.function.Supplier<T> write) {
    try {
      return write.get();
    } catch (FencedOffException e) {
      refused.compareAndSet(null, e);
      throw e;
    }
  }

  @Override
  public RunRecord createRun(RunRecord template) {
    return watched(() -> inner.createRun(template));
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return inner.run(runId);
  }

  @Override
  public List<RunRecord> runs(String system) {
    return inner.runs(system);
  }

  @Override
  public void setStatus(String runId, RunStatus status) {
    watched(
        () -> {
          inner.setStatus(runId, status);
          return null;
        });
  }

  @Override
  public JournalEvent append(JournalEvent event) {
    return watched(() -> inner.append(event));
  }

  @Override
  public List<JournalEvent> events(String runId) {
    return inner.events(runId);
  }

  @Override
  public Lease acquireLease(String system, String holder, Duration ttl)
      throws LeaseRefusedException {
    return inner.acquireLease(system, holder, ttl);
  }

  /** The journal belongs to the worker, not to one run. */
  @Override
  public void close() {}
}
