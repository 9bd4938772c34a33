package dev.baton.fleet;

import java.util.Locale;

/** Where one system of a fleet stands. */
public enum SystemState {
  /** Not started yet: waiting for its wave, a free place under the limits, or its window. */
  PENDING,
  /** Claimed by a worker, which runs it under a lease. */
  RUNNING,
  DONE,
  /** Its run failed; counts against the failure budget. */
  FAILED,
  /** Its run halted (a guard refused, a gate waits); counts against the failure budget. */
  HALTED,
  /** Never started: the fleet was aborted. */
  SKIPPED;

  /** Whether the system's part of the fleet is over. */
  public boolean finished() {
    return this != PENDING && this != RUNNING;
  }

  /** Whether it counts against the failure budget. */
  public boolean failure() {
    return this == FAILED || this == HALTED;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
