package dev.baton.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.engine.Engine;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Outline;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns journal records into the events {@code --events} writes ({@code docs/events.md}), so that
 * the console streams one vocabulary whether it ran the step or only read it from the journal. Only
 * what the journal holds can be told: {@code step.started} and the lease events are not journaled,
 * and {@code step.decided}'s {@code ms} is the time since the run's previous record.
 */
final class JournalEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalEvents() {}

  /** The event of {@code e}; {@code previous} is the time of the run's record before it. */
  static ConsoleEvent of(JournalEvent e, RunRecord run, Instant previous, Redactor r) {
    String type = type(e);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("ts", e.at().truncatedTo(ChronoUnit.MILLIS).toString());
    f.put("type", type);
    f.put("system", run.system());
    f.put("run", run.runId());
    if (!e.stepId().isEmpty()) {
      f.put("step", e.stepId());
    }
    switch (e.type()) {
      case RUN_STARTED, RESUMED -> started(f, e, run);
      case OUTCOME, UNDO_OUTCOME -> {
        f.put("decision", e.decision() == null ? "" : e.decision().kind().label());
        f.put("sentence", e.decision() == null ? "" : e.decision().sentence());
        f.put("ms", previous == null ? 0 : Duration.between(previous, e.at()).toMillis());
      }
      default -> {
        if (e.decision() != null) {
          f.put("sentence", e.decision().sentence());
        }
        e.data().forEach(f::putIfAbsent);
      }
    }
    f.replaceAll((k, v) -> v instanceof String s ? r.redact(s) : v);
    try {
      return new ConsoleEvent(e.seq(), run.runId(), type, JSON.writeValueAsString(f));
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("an event of strings and numbers is JSON", x);
    }
  }

  private static void started(Map<String, Object> f, JournalEvent e, RunRecord run) {
    f.put("strategy", run.strategy());
    String outline = e.data().get(Engine.OUTLINE);
    if (outline != null) {
      f.put("steps", Outline.fromJson(outline).steps().size());
    }
    f.put("fingerprint", run.planFingerprint());
    if (run.targetVersion() != null && !run.targetVersion().isEmpty()) {
      f.put("to", run.targetVersion());
    }
    // The outline is served whole by the run's REST resource; the stream keeps to the event.
    e.data()
        .forEach(
            (k, v) -> {
              if (!k.equals(Engine.OUTLINE)) {
                f.putIfAbsent(k, v);
              }
            });
  }

  static String type(JournalEvent e) {
    return switch (e.type()) {
      case RUN_STARTED -> "run.started";
      case RESUMED -> "run.resumed";
      case INTENT -> "step.acting";
      case UNDO_INTENT -> "undo.acting";
      case OUTCOME, UNDO_OUTCOME -> "step.decided";
      case GATE_WAITING -> "gate.waiting";
      case APPROVED -> "gate.approved";
      case OVERRIDE -> "override.used";
      case HALTED -> "run.halted";
      case RUN_ENDED -> ended(e.data().get("status"));
    };
  }

  private static String ended(String status) {
    if (RunStatus.DONE.label().equals(status)) {
      return "run.done";
    }
    return RunStatus.ABORTED.label().equals(status) ? "run.aborted" : "run.halted";
  }
}
