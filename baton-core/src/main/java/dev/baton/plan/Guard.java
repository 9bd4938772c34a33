package dev.baton.plan;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import java.util.Optional;

/**
 * A precondition of one step, checked on fresh facts just before it acts. A guard that refuses
 * halts the run with its sentence; an operator can override it only by name, with a reason.
 */
public interface Guard {

  /** Stable name an override must quote, e.g. {@code standby-synced}. */
  String name();

  /** What the guard requires, for the checklist. */
  String describe();

  /**
   * The parts of the system whose facts this guard reads. By default the whole system, so that a
   * guard that cannot say still sees every fact; a guard that names too little would see a fact it
   * needs as unknown, so name everything the refusal reads.
   */
  default Subjects subjects() {
    return Subjects.WHOLE_SYSTEM;
  }

  /** The refusal sentence when the facts do not allow the step, else empty. */
  Optional<String> refusal(Topology topology, Facts facts);
}
