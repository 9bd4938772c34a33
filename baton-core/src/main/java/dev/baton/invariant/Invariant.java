package dev.baton.invariant;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import java.util.Optional;

/**
 * A rule on facts that must hold before and after every step. Before a step, {@code next} is the
 * step about to act, so a rule can judge the action too; after a step it is null. The engine gives
 * a rule the topology cut down to the step's scope (ADR 0025): its role groups and exclusive
 * service groups are whole, and it holds the step's target with its links, so a rule over those
 * sees every member it needs.
 */
public interface Invariant {

  /** Stable name, used in refusal sentences and overrides. */
  String name();

  String describe();

  /** The sentence saying why the rule is broken, or empty when it holds. */
  Optional<String> violation(Topology topology, Facts facts, Step next);
}
