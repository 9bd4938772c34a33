package dev.baton.engine;

/**
 * Exclusive right to act on one system. A run stops issuing actions as soon as {@link #renew()}
 * fails: lost contact means not in control.
 */
public interface Lease extends AutoCloseable {

  String system();

  String holder();

  /**
   * The lease's fencing token: it grows with every new holder of the system, and the journal
   * refuses a write made under an older one. 0 for a lease of a store that does not fence.
   */
  default long epoch() {
    return 0;
  }

  /** Extends the lease; false when it was lost (expired and taken, or the store is unreachable). */
  boolean renew();

  /**
   * Whether this process may still act. Defaults to a renewal; a kept lease answers from its last
   * background renewal instead of writing on every step.
   */
  default boolean isHeld() {
    return renew();
  }

  /** Releases the lease. */
  @Override
  void close();
}
