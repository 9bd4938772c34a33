package dev.baton.engine;

/** An action or observation failed; the message is a sentence an operator can act on. */
public class DriverException extends Exception {
  private final String evidence;

  public DriverException(String message, String evidence) {
    super(message);
    this.evidence = evidence == null ? "" : evidence;
  }

  public String evidence() {
    return evidence;
  }
}
