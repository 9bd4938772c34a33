package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import java.util.List;

/**
 * A named procedure that compiles a topology, current facts and a goal into a plan. Strategies do
 * no I/O. A strategy that picks something from the facts (which member is active) records that
 * choice in the returned plan's goal options, so resuming rebuilds the same plan.
 */
public interface Strategy {

  String name();

  /** One line for {@code baton plan --help} and the docs. */
  String summary();

  /** The goal options an operator may set ({@code --set NAME=VALUE}); none by default. */
  default List<StrategyOption> options() {
    return List.of();
  }

  Plan plan(Topology topology, Facts facts, Goal goal) throws PlanningException;

  /**
   * Whether this strategy plans a component declared without a version (a side's PgBouncer) by
   * stopping and starting it; the others refuse such a topology before planning.
   */
  default boolean plansComponentsWithoutVersion() {
    return false;
  }
}
