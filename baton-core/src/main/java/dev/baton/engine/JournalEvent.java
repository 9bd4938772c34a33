package dev.baton.engine;

import java.time.Instant;
import java.util.Map;

/**
 * One journal record. {@code seq} is assigned by the journal; {@code decision} is set on outcomes;
 * {@code data} carries small structured values (the action key, durations, the approver).
 */
public record JournalEvent(
    long seq,
    String runId,
    String stepId,
    EventType type,
    Decision decision,
    String evidence,
    Instant at,
    Map<String, String> data) {

  public JournalEvent {
    data = Map.copyOf(data);
    evidence = evidence == null ? "" : evidence;
    stepId = stepId == null ? "" : stepId;
  }

  /** A record not yet appended (seq 0). */
  public static JournalEvent of(
      String runId,
      String stepId,
      EventType type,
      Decision decision,
      String evidence,
      Instant at,
      Map<String, String> data) {
    return new JournalEvent(0, runId, stepId, type, decision, evidence, at, data);
  }
}
