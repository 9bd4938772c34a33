package dev.baton.journal;

import dev.baton.engine.Lease;

/** What a fenced write carries: the system its lease is on and the lease's epoch. */
record Fence(String system, long epoch) {

  static Fence of(Lease lease) {
    return new Fence(lease.system(), lease.epoch());
  }

  /**
   * Refuses a write of a run of {@code runSystem} under this fence unless {@code current}, the
   * system's lease row as the write's own transaction reads it, still carries this epoch.
   */
  void check(String runSystem, java.util.Optional<LeaseRow> current) {
    if (runSystem != null && !runSystem.equals(system)) {
      throw new IllegalArgumentException(
          "a run of system " + runSystem + " cannot be written under the lease on " + system);
    }
    long now = current.map(LeaseRow::epoch).orElse(0L);
    if (now != epoch) {
      throw new dev.baton.engine.FencedOffException(
          system, epoch, now, current.map(LeaseRow::holder).orElse("no holder"));
    }
  }
}
