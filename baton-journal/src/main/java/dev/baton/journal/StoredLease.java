package dev.baton.journal;

import dev.baton.engine.Lease;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A system lease kept in a journal's lease table; once lost it stays lost. */
final class StoredLease implements Lease {

  private enum State {
    HELD,
    LOST,
    RELEASED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.HELD);
  private final LeaseKeeper journal;
  private final LeaseRow owner;
  private final Duration ttl;

  StoredLease(LeaseKeeper journal, LeaseRow owner, Duration ttl) {
    this.journal = journal;
    this.owner = owner;
    this.ttl = ttl;
  }

  @Override
  public String system() {
    return owner.system();
  }

  @Override
  public String holder() {
    return owner.holder();
  }

  @Override
  public long epoch() {
    return owner.epoch();
  }

  /**
   * Extends the lease by its ttl. A failed renewal is final: lost contact means not in control, so
   * the run must stop and take the lease again rather than carry on after a gap.
   */
  @Override
  public boolean renew() {
    if (state.get() != State.HELD) {
      return false;
    }
    if (journal.renewLease(owner, ttl)) {
      return true;
    }
    state.compareAndSet(State.HELD, State.LOST);
    return false;
  }

  @Override
  public void close() {
    if (state.getAndSet(State.RELEASED) != State.RELEASED) {
      journal.releaseLease(owner);
    }
  }
}
