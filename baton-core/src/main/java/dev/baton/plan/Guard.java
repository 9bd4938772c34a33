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

  /** The refusal sentence when the facts do not allow the step, else empty. */
  Optional<String> refusal(Topology topology, Facts facts);
}
