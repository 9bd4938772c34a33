package dev.baton.fleet;

import java.util.Locale;

/** Whether a fleet starts new systems; what it does with the ones already running is the same. */
public enum FleetState {
  /** New systems start as their wave, limits and windows allow. */
  ACTIVE,
  /** No new system starts until {@code fleet resume}; running ones finish. */
  PAUSED,
  /** No new system starts again; pending ones are skipped, running ones finish. */
  ABORTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
