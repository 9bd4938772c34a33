package dev.baton.app.report;

import dev.baton.engine.Decision;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.ResultKey;
import dev.baton.engine.RunRecord;
import dev.baton.plan.Outline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, step by step, rebuilt from its journal: the source of every report format. A
 * report of a run that a workload client watched (the demo, a benchmark) also says what that client
 * saw; {@code workload} is null otherwise, since the journal does not know it.
 */
public record RunReport(
    RunRecord run,
    List<StepRow> steps,
    List<Map<String, String>> overrides,
    List<Map<String, String>> approvals,
    String ending,
    Duration wallTime,
    List<Pause> pauses,
    Workload workload) {

  /**
   * One step: its last decision, when it was decided, how long it took, how much of that its action
   * spent in commands on nodes (and how many), and its evidence.
   */
  public record StepRow(
      int number,
      String id,
      String title,
      boolean pointOfNoReturn,
      String decision,
      String sentence,
      Instant decidedAt,
      long millis,
      long remoteMs,
      long remoteCommands,
      String evidence) {}

  /** How long a pooler held its clients, told by the step that released them. */
  public record Pause(String step, long pauseMs, long waitingClients) {}

  /**
   * What a workload client saw while the run went on: operations that failed, the longest single
   * operation (a client held by a pooler waits instead of failing), the longest gap between
   * acknowledged writes and the time without one, and what the history checkers found.
   */
  public record Workload(
      long failedOperations,
      double longestOpMs,
      double longestGapMs,
      double withoutAckMs,
      long lostWrites,
      long unexpectedWrites,
      long twoActives) {}

  /** This report with what a workload client saw during the run. */
  public RunReport withWorkload(Workload w) {
    return new RunReport(run, steps, overrides, approvals, ending, wallTime, pauses, w);
  }

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
    List<Pause> pauses = new ArrayList<>();
    int n = 0;
    for (Outline.Item s : outline.steps()) {
      JournalEvent e = last.get(s.id());
      Decision d = e == null ? null : e.decision();
      Map<String, String> data = e == null ? Map.of() : e.data();
      ResultKey.PAUSE_MS
          .in(data)
          .ifPresent(
              ms ->
                  pauses.add(new Pause(s.id(), ms, ResultKey.WAITING_CLIENTS.in(data).orElse(0L))));
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
              ResultKey.REMOTE_MS.in(data).orElse(0L),
              ResultKey.REMOTE_COMMANDS.in(data).orElse(0L),
              e == null ? "" : e.evidence()));
    }
    Duration wall =
        events.isEmpty()
            ? Duration.ZERO
            : Duration.between(events.get(0).at(), events.get(events.size() - 1).at());
    return new RunReport(run, rows, overrides, approvals, ending, wall, pauses, null);
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
