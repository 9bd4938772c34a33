package dev.baton.engine;

/**
 * The journal refused a write because the lease it was made under has been taken over: a newer
 * epoch holds the system. Whoever wrote is no longer in control and stops issuing actions at once.
 */
public class FencedOffException extends RuntimeException {

  private final String system;
  private final long epoch;
  private final long currentEpoch;

  /**
   * A refusal of a write made under {@code epoch} of the lease on {@code system}, which epoch
   * {@code currentEpoch} of {@code currentHolder} holds now.
   */
  public FencedOffException(String system, long epoch, long currentEpoch, String currentHolder) {
    super(
        "the journal refused a write under epoch %d of the lease on %s, which epoch %d (%s) holds now; stopped issuing actions"
            .formatted(epoch, system, currentEpoch, currentHolder));
    this.system = system;
    this.epoch = epoch;
    this.currentEpoch = currentEpoch;
  }

  public String system() {
    return system;
  }

  /** The epoch the refused write was made under. */
  public long epoch() {
    return epoch;
  }

  /** The epoch that holds the system now. */
  public long currentEpoch() {
    return currentEpoch;
  }
}
