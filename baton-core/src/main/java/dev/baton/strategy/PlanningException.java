package dev.baton.strategy;

/** The strategy cannot plan for this topology or goal; the message says why. */
public class PlanningException extends Exception {
  public PlanningException(String message) {
    super(message);
  }
}
