package dev.baton.app.server;

import dev.baton.app.report.RunReport;
import dev.baton.app.wiring.Session;
import dev.baton.facts.Fact;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evidence beside a gate: what the step will do, its guards checked on facts observed now (the
 * engine checks them again on those facts when the run continues), the facts they read, who has
 * approved, and what an abort would still undo.
 */
final class GateView {
  private GateView() {}

  static Map<String, Object> of(
      Session.Rebuilt rebuilt,
      String stepId,
      Observations.Observed seen,
      RunReport report,
      List<String> approvedBy) {
    Plan plan = rebuilt.plan();
    Topology t = rebuilt.topology().topology();
    Step step =
        plan.step(stepId)
            .orElseThrow(
                () -> ApiError.notFound("run " + rebuilt.run().runId() + " has no step " + stepId));
    if (step.gate() == null) {
      throw ApiError.notFound("step " + stepId + " has no gate");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step.id());
    m.put("title", step.title());
    m.put("action", step.action().toString());
    m.put("kind", step.gate().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    m.put("text", step.gate().text());
    m.put("needs", step.gate().kind().approvals());
    m.put("approvedBy", approvedBy);
    m.put("pointOfNoReturn", step.pointOfNoReturn());
    m.put("observedAt", seen.at());
    m.put("observationProblem", seen.problem());
    List<Map<String, Object>> guards = new ArrayList<>();
    Subjects read = Subjects.NONE;
    for (Guard g : step.guards()) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("name", g.name());
      gm.put("requires", g.describe());
      gm.put("refusalNow", seen.at() == null ? null : g.refusal(t, seen.facts()).orElse(null));
      guards.add(gm);
      read = read.and(g.subjects());
    }
    m.put("guards", guards);
    m.put("facts", facts(seen, read));
    m.put("undo", undoRemaining(plan, report));
    return m;
  }

  private static List<Map<String, Object>> facts(Observations.Observed seen, Subjects read) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Fact f : seen.facts().all()) {
      if (read.wholeSystem() || read.names().contains(f.subject())) {
        out.add(factJson(f));
      }
    }
    return out;
  }

  /**
   * The steps an abort would undo now, newest first: those done since the last point of no return
   * the run passed, that have an undo.
   */
  static List<Map<String, Object>> undoRemaining(Plan plan, RunReport report) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (RunReport.StepRow row : report.steps()) {
      if (!row.decision().equals("done")) {
        continue;
      }
      Step s = plan.step(row.id()).orElse(null);
      if (s == null) {
        continue;
      }
      if (s.pointOfNoReturn()) {
        out.clear();
        continue;
      }
      if (s.hasUndo()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.id());
        m.put("title", s.title());
        m.put("undo", s.undo().toString());
        out.add(0, m);
      }
    }
    return out;
  }

  /** A fact as the console's JSON shows it: key, value (an enum in lower case), source, time. */
  static Map<String, Object> factJson(Fact f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fact", f.key());
    m.put(
        "value",
        f.value() instanceof Enum<?> e
            ? e.name().toLowerCase(Locale.ROOT)
            : String.valueOf(f.value()));
    m.put("source", f.source());
    m.put("at", f.at());
    return m;
  }
}
