package dev.baton.engine;

/** The journal failed its integrity check; no automatic action may be taken on it. */
public class CorruptJournalException extends RuntimeException {
  public CorruptJournalException(String message) {
    super(message);
  }
}
