package dev.baton.engine;

/**
 * Contact was lost while an action ran, so it may or may not have taken effect (an SSH link that
 * dropped mid-command). The engine halts instead of failing: resume re-observes the step's goal
 * before deciding anything.
 */
public class OutcomeUnknownException extends DriverException {
  public OutcomeUnknownException(String message, String evidence) {
    super(message, evidence);
  }
}
