package dev.baton.engine;

/** Another run or Baton instance holds the system's lease. */
public class LeaseRefusedException extends Exception {
  public LeaseRefusedException(String message) {
    super(message);
  }
}
