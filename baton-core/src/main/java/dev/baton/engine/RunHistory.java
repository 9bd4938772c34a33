package dev.baton.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a run's journal says about each step: its last decision, a dangling intent, approvals. */
final class RunHistory {

  private final Map<String, Decision> outcomes = new HashMap<>();
  private final Set<String> pendingIntents = new HashSet<>();
  private final Map<String, Set<String>> approvals = new HashMap<>();
  private final Set<String> undone = new HashSet<>();

  static RunHistory of(List<JournalEvent> events) {
    RunHistory h = new RunHistory();
    events.forEach(h::apply);
    return h;
  }

  synchronized void apply(JournalEvent e) {
    switch (e.type()) {
      case INTENT -> pendingIntents.add(e.stepId());
      case OUTCOME -> {
        pendingIntents.remove(e.stepId());
        outcomes.put(e.stepId(), e.decision());
      }
      case APPROVED ->
          approvals
              .computeIfAbsent(e.stepId(), k -> new HashSet<>())
              .add(e.data().getOrDefault("by", "?"));
      case UNDO_OUTCOME -> undone.add(e.stepId());
      default -> {}
    }
  }

  synchronized boolean completed(String stepId) {
    Decision d = outcomes.get(stepId);
    return d != null && d.kind().completes();
  }

  synchronized Decision outcome(String stepId) {
    return outcomes.get(stepId);
  }

  synchronized boolean hasPendingIntent(String stepId) {
    return pendingIntents.contains(stepId);
  }

  synchronized int approvals(String stepId) {
    return approvals.getOrDefault(stepId, Set.of()).size();
  }

  synchronized boolean undone(String stepId) {
    return undone.contains(stepId);
  }
}
