package dev.baton.app;

/**
 * The goal already holds, so the command did nothing: its sentence ("already done: …") is printed
 * on standard output and the exit code is 0, as for a run whose steps were all already done.
 */
public final class AlreadyDone extends Exception {
  public AlreadyDone(String message) {
    super(message);
  }
}
