package dev.baton.engine;

import java.time.Duration;

/**
 * Takes a system's lease in the journal and keeps it alive in the background, under a holder name
 * that says who holds it: the one way a run or a watcher gets into control of a system.
 */
public final class Leases {
  private Leases() {}

  /** Who holds a lease. The name shows up when another Baton is refused, so it says what runs. */
  public enum Holder {
    /** The engine running, resuming or aborting a plan. */
    RUN("baton"),
    /** A watcher, for as long as it watches (and fails over under the same lease). */
    WATCH("watch");

    private final String prefix;

    Holder(String prefix) {
      this.prefix = prefix;
    }

    /** {@code PREFIX-PID-NANOS}: unique to this process and moment, e.g. {@code watch-4242-1f}. */
    String freshName() {
      return prefix
          + "-"
          + ProcessHandle.current().pid()
          + "-"
          + Long.toHexString(System.nanoTime());
    }
  }

  /** Takes the lease on {@code system} and keeps it; refused while another live holder has it. */
  public static KeptLease keep(Journal journal, String system, Holder holder, Duration ttl)
      throws LeaseRefusedException {
    return keep(journal, system, holder, ttl, () -> {});
  }

  /** As above; {@code onLost} runs once, the first time the lease is found lost or stale. */
  static KeptLease keep(
      Journal journal, String system, Holder holder, Duration ttl, Runnable onLost)
      throws LeaseRefusedException {
    return new KeptLease(journal.acquireLease(system, holder.freshName(), ttl), ttl, onLost);
  }
}
