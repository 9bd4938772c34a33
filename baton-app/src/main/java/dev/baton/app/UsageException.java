package dev.baton.app;

/** Bad input that is not in a file (a flag, a run id): exit code 2 with this sentence. */
public class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
