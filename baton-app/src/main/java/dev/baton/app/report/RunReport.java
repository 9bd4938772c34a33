package dev.baton.app.report;

import dev.baton.engine.Decision;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.plan.Outline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a run did, step by step, rebuilt from its journal: the source of every report format. */
public record RunReport(
    RunRecord run,
    List<StepRow> steps,
    List<Map<String, String>> overrides,
    List<Map<String, String>> approvals,
    String ending,
    Duration wallTime) {

  /** One step: its last decision, when it was decided, how long it took, and its evidence. */
  public record StepRow(
      int number,
      String id,
      String title,
      boolean pointOfNoReturn,
      String decision,
      String sentence,
      Instant decidedAt,
      long millis,
      String evidence) {}

  public static RunReport of(RunRecord run, Outline outline, List<JournalEvent> events) {
    Map<String, JournalEvent> last = new HashMap<>();
    Map<String, Long> millis = new HashMap<>();
    List<Map<String, String>> overrides = new ArrayList<>();
    List<Map<String, String>> approvals = new ArrayList<>();
    String ending = "";
    Instant previous = events.isEmpty() ? null : events.get(0).at();
    for (JournalEvent e : events) {
      switch (e.type()) {
        case OUTCOME, UNDO_OUTCOME -> {
          last.put(e.stepId(), e);
          millis.merge(e.stepId(), Duration.between(previous, e.at()).toMillis(), Long::sum);
        }
        case OVERRIDE -> overrides.add(withStep(e));
        case APPROVED -> approvals.add(withStep(e));
        case HALTED, RUN_ENDED -> ending = e.data().getOrDefault("sentence", "");
        default -> {}
      }
      previous = e.at();
    }
    List<StepRow> rows = new ArrayList<>();
    int n = 0;
    for (Outline.Item s : outline.steps()) {
      JournalEvent e = last.get(s.id());
      Decision d = e == null ? null : e.decision();
      rows.add(
          new StepRow(
              ++n,
              s.id(),
              s.title(),
              s.pointOfNoReturn(),
              d == null
                  ? (e == null ? "not reached" : e.type().name().toLowerCase())
                  : d.kind().label(),
              d == null ? "" : d.sentence(),
              e == null ? null : e.at(),
              millis.getOrDefault(s.id(), 0L),
              e == null ? "" : e.evidence()));
    }
    Duration wall =
        events.isEmpty()
            ? Duration.ZERO
            : Duration.between(events.get(0).at(), events.get(events.size() - 1).at());
    return new RunReport(run, rows, overrides, approvals, ending, wall);
  }

  /** An approval as the operator reads it: who approved which step when, and its gate. */
  public static String approvalSentence(Map<String, String> a) {
    return a.getOrDefault("by", "someone")
        + " approved "
        + step(a)
        + " at "
        + a.getOrDefault("at", "?")
        + (a.getOrDefault("gate", "").isEmpty() ? "" : ": " + a.get("gate"));
  }

  /** An override as the operator reads it: who let which guard's refusal through, and why. */
  public static String overrideSentence(Map<String, String> o) {
    return o.getOrDefault("by", "someone")
        + " overrode the guard "
        + o.getOrDefault("guard", "?")
        + " at "
        + step(o)
        + " because \""
        + o.getOrDefault("reason", "")
        + "\""
        + (o.getOrDefault("refusal", "").isEmpty() ? "" : "; it had refused: " + o.get("refusal"));
  }

  private static String step(Map<String, String> m) {
    String step = m.get("step");
    return step == null || step.isEmpty() ? "the run (before step 1)" : "step " + step;
  }

  private static Map<String, String> withStep(JournalEvent e) {
    Map<String, String> m = new HashMap<>(e.data());
    m.put("step", e.stepId());
    m.put("at", e.at().toString());
    return m;
  }
}
