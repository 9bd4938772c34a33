package dev.baton.journal;

import dev.baton.fleet.Fleet;
import dev.baton.fleet.FleetState;
import dev.baton.fleet.FleetStatus;
import dev.baton.fleet.SystemState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The fleets a journal keeps, and the claim by which a worker starts (or takes over) one of their
 * systems. Waves, limits, the failure budget, windows and pause/abort are checked by the claim
 * itself, in the journal's database, so that any number of workers share one truth.
 */
public interface Fleets {

  /** What {@link #define} did. */
  enum Defined {
    CREATED,
    UNCHANGED
  }

  /**
   * Stores {@code fleet} with every system pending; the same definition again changes nothing, and
   * another definition under the same name is refused with IllegalArgumentException.
   */
  Defined define(Fleet fleet);

  /**
   * Claims one system for {@code worker}, taking its lease for {@code ttl} in the same transaction:
   * first a running system whose lease ran out (a takeover), else a pending system that its fleet,
   * wave, limits, budget and window allow. Only fleet {@code fleet} when it is not null.
   */
  Optional<Claim> claim(String worker, String fleet, Duration ttl);

  /**
   * Records the run a claim started; refused with FencedOffException once a newer claim holds it.
   */
  void attach(Claim claim, String runId);

  /**
   * Records how a claimed system ended and frees its places under the limits; a failure counts
   * against the budget. Refused with FencedOffException once a newer claim holds the system.
   */
  void finish(Claim claim, SystemState state, String sentence);

  Optional<FleetStatus> status(String fleet);

  /**
   * Whether nothing is left for a worker to do in every fleet (or in {@code fleet}, when not null):
   * no system runs, and none that is pending can start without a human (the fleet was aborted or
   * spent its failure budget). A paused fleet, or a system waiting for its window, is not settled.
   */
  boolean settled(String fleet);

  /** Every fleet's name, oldest first. */
  List<String> names();

  /**
   * Pauses, resumes or aborts a fleet; {@code note} says who and why. Aborting skips every pending
   * system; an aborted fleet stays aborted. Returns the status after the change.
   */
  FleetStatus change(String fleet, FleetState state, String note);
}
