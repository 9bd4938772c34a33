package dev.baton.engine;

/** A bounded pause between polls of a condition; never a stand-in for one. */
final class Pause {
  private Pause() {}

  static void of(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a step to verify", e);
    }
  }
}
