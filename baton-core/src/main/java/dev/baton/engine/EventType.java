package dev.baton.engine;

/** The kinds of journal record. */
public enum EventType {
  RUN_STARTED,
  RESUMED,
  /** Written and synced before an action's side effect starts. */
  INTENT,
  /** The step's decision, after the action and its verification. */
  OUTCOME,
  GATE_WAITING,
  APPROVED,
  OVERRIDE,
  HALTED,
  UNDO_INTENT,
  UNDO_OUTCOME,
  RUN_ENDED
}
