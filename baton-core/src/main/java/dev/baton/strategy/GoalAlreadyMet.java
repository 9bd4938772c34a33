package dev.baton.strategy;

/**
 * The goal already holds on the system as observed, so there is nothing to plan: a switchover onto
 * the member that is already the primary, a switchback with nothing to switch back. Not bad input:
 * the command says so and ends successfully.
 */
public final class GoalAlreadyMet extends PlanningException {
  public GoalAlreadyMet(String message) {
    super(message);
  }
}
