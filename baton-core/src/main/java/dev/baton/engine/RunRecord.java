package dev.baton.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A run as the journal keeps it: enough to rebuild its plan on resume (the topology text, the
 * strategy and the goal) and the plan's fingerprint to prove the rebuilt plan is the same.
 */
public record RunRecord(
    String runId,
    String system,
    String strategy,
    String targetVersion,
    Map<String, String> options,
    String topologySource,
    String topologyText,
    String planFingerprint,
    RunStatus status,
    Instant createdAt,
    Instant updatedAt) {

  public RunRecord {
    options = Map.copyOf(options);
  }
}
