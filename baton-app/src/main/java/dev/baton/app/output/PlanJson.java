package dev.baton.app.output;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plan as plain maps for JSON output. */
public final class PlanJson {
  private PlanJson() {}

  public static Map<String, Object> of(Plan plan, Topology t, Facts facts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", plan.system());
    m.put("strategy", plan.strategy());
    m.put(
        "targetVersion",
        plan.goal().targetVersion() == null ? null : plan.goal().targetVersion().text());
    m.put("options", plan.goal().options());
    m.put("fingerprint", plan.fingerprint());
    m.put("notes", plan.notes());
    List<Object> phases = new ArrayList<>();
    int n = 0;
    for (Phase p : plan.phases()) {
      List<Object> steps = new ArrayList<>();
      for (Step s : p.steps()) {
        steps.add(step(++n, s, t, facts));
      }
      phases.add(Map.of("name", p.name(), "steps", steps));
    }
    m.put("phases", phases);
    return m;
  }

  static Map<String, Object> step(int n, Step s, Topology t, Facts facts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", n);
    m.put("id", s.id());
    m.put("title", s.title());
    m.put("action", s.action().toString());
    m.put("goal", s.goal().describe());
    m.put("verify", s.verify().describe());
    m.put("pointOfNoReturn", s.pointOfNoReturn());
    m.put("destructive", s.destructive());
    m.put("gate", s.gate() == null ? null : s.gate().text());
    m.put("parallelGroup", s.parallelGroup());
    m.put("undo", s.undo() == null ? null : s.undo().toString());
    m.put("source", s.source());
    List<Object> guards = new ArrayList<>();
    for (Guard g : s.guards()) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("name", g.name());
      gm.put("requires", g.describe());
      if (facts != null) {
        gm.put("refusalNow", g.refusal(t, facts).orElse(null));
      }
      guards.add(gm);
    }
    m.put("guards", guards);
    return m;
  }
}
