package dev.baton.engine;

import dev.baton.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Aborts a run: undoes completed steps in reverse order, stopping at a point of no return. */
final class Undo {

  private final RunContext ctx;

  Undo(RunContext ctx) {
    this.ctx = ctx;
  }

  RunResult run() {
    List<Step> steps = ctx.plan().steps();
    int boundary = -1;
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.pointOfNoReturn() && ctx.history().completed(s.id())) {
        boundary = i;
      }
    }
    List<String> notes = new ArrayList<>();
    for (int i = steps.size() - 1; i > boundary; i--) {
      Step s = steps.get(i);
      Decision done = ctx.history().outcome(s.id());
      if (done == null || done.kind() != Decision.Kind.DONE || ctx.history().undone(s.id())) {
        continue;
      }
      if (!s.hasUndo()) {
        notes.add(s.id() + " has no undo");
        continue;
      }
      String failure = undo(s);
      if (failure != null) {
        return end(RunStatus.FAILED, failure);
      }
    }
    String where =
        boundary < 0 ? "the start" : "the point of no return " + steps.get(boundary).id();
    String sentence =
        "aborted: undid completed steps back to "
            + where
            + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
    return end(RunStatus.ABORTED, sentence);
  }

  private String undo(Step s) {
    ctx.listener().stepStarted(s);
    if (!ctx.lease().isHeld()) {
      return "lost the lease; stopped undoing";
    }
    String key = ctx.actionKey(s) + "/undo";
    ctx.record(
        s.id(), EventType.UNDO_INTENT, null, "", Map.of("action", s.undo().toString(), "key", key));
    try {
      ActionResult r = ctx.driver().act(ctx.topology(), s.undo(), key);
      Decision d = new Decision(Decision.Kind.UNDONE, "undid " + s.id() + ": " + r.summary());
      ctx.record(s.id(), EventType.UNDO_OUTCOME, d, r.evidence(), r.data());
      ctx.listener()
          .stepDecided(
              s,
              new Decision(d.kind(), ctx.redactor().redact(d.sentence())),
              java.time.Duration.ZERO);
      return null;
    } catch (DriverException e) {
      Decision d = Decision.failed("undo of " + s.id() + " failed: " + e.getMessage());
      ctx.record(s.id(), EventType.OUTCOME, d, e.evidence(), Map.of());
      return d.sentence();
    }
  }

  private RunResult end(RunStatus status, String sentence) {
    ctx.record(
        "", EventType.RUN_ENDED, null, "", Map.of("status", status.label(), "sentence", sentence));
    ctx.journal().setStatus(ctx.runId(), status);
    ctx.listener().runEnded(ctx.runId(), status, ctx.redactor().redact(sentence));
    return new RunResult(ctx.runId(), status, sentence);
  }
}
