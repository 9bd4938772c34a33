package dev.baton.app.server;

import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run's records say beyond the report's last decisions: the step whose gate it waits at, who
 * approved each step, which step is acting now, and the last record's sequence number.
 */
record RunScan(
    String waitingStep,
    String waitingSentence,
    Map<String, Set<String>> approvers,
    Set<String> acting,
    long lastSeq) {

  static RunScan of(RunStatus status, List<JournalEvent> events) {
    String waiting = null;
    String sentence = "";
    Map<String, Set<String>> approvers = new HashMap<>();
    Set<String> acting = new HashSet<>();
    long last = 0;
    for (JournalEvent e : events) {
      last = e.seq();
      switch (e.type()) {
        case GATE_WAITING -> {
          waiting = e.stepId();
          sentence = e.decision() == null ? "" : e.decision().sentence();
        }
        case APPROVED ->
            approvers
                .computeIfAbsent(e.stepId(), k -> new LinkedHashSet<>())
                .add(e.data().getOrDefault("by", ""));
        case INTENT, UNDO_INTENT -> acting.add(e.stepId());
        case OUTCOME, UNDO_OUTCOME -> {
          acting.remove(e.stepId());
          if (e.stepId().equals(waiting)) {
            waiting = null;
          }
        }
        case RUN_STARTED, RESUMED, RUN_ENDED -> waiting = null;
        default -> {}
      }
    }
    boolean halted = status == RunStatus.HALTED;
    return new RunScan(
        halted ? waiting : null,
        halted && waiting != null ? sentence : "",
        approvers,
        status == RunStatus.RUNNING ? acting : Set.of(),
        last);
  }

  Set<String> approversOf(String step) {
    return approvers.getOrDefault(step, Set.of());
  }
}
