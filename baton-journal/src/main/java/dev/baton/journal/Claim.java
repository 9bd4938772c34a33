package dev.baton.journal;

import dev.baton.engine.Lease;
import java.util.Map;

/**
 * One system of a fleet handed to a worker under a fresh lease: what to run on it, and, for a
 * takeover, the run its previous holder left unfinished ({@code runId}, null when none started).
 */
public record Claim(
    String fleet,
    String system,
    int wave,
    String strategy,
    String targetVersion,
    Map<String, String> options,
    String topologySource,
    String topologyText,
    boolean yes,
    boolean takeover,
    String runId,
    Lease lease) {

  public Claim {
    options = Map.copyOf(options);
  }

  /** The epoch of the claim's lease: every write about the system under this claim carries it. */
  public long epoch() {
    return lease.epoch();
  }
}
