package dev.baton.app;

/**
 * The command would not start because the system as it is now does not allow it (the topology
 * contradicts the live servers): nothing was done, the sentence says why and how to fix it, and the
 * exit code is 3, as for a run a guard halts before step 1.
 */
public final class Refused extends Exception {
  public Refused(String message) {
    super(message);
  }
}
