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

  /**
   * The record of a run about to start, as the engine's template: running, and without the id and
   * times the journal gives it when it creates the run.
   */
  public static RunRecord starting(
      String system,
      String strategy,
      String targetVersion,
      Map<String, String> options,
      String topologySource,
      String topologyText,
      String planFingerprint) {
    return new RunRecord(
        "",
        system,
        strategy,
        targetVersion,
        options,
        topologySource,
        topologyText,
        planFingerprint,
        RunStatus.RUNNING,
        null,
        null);
  }
}
