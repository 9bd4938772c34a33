package dev.baton.app.cli;

import dev.baton.app.output.Json;
import dev.baton.app.report.RunReport;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Session;
import dev.baton.engine.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton status}: lists runs, or shows one run's checklist and decisions. */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = "List runs, or show one run's checklist with the decision of every step.",
    footer = {
      "",
      "Examples:",
      "  baton status",
      "  baton status r-20261121-231500-a1b2 --output json"
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin Common common;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "RUN",
      description = "A run id.",
      converter = OneLine.class)
  String runId;

  @Override
  public Integer call() throws Exception {
    try (Session session = Session.open(common.resolveHome(), HomeUse.READ)) {
      if (runId == null) {
        return listRuns(session);
      }
      RunReport report =
          RunReport.of(session.run(runId), session.outline(runId), session.journal().events(runId));
      if (common.json()) {
        System.out.println(Json.write(report));
        return 0;
      }
      RunRecord run = report.run();
      System.out.printf(
          "run %s: %s of %s to %s: %s%n",
          run.runId(), run.strategy(), run.system(), run.targetVersion(), run.status().label());
      for (RunReport.StepRow s : report.steps()) {
        System.out.printf(
            "%2d. [%-11s] %s%s%n",
            s.number(),
            s.decision(),
            s.title(),
            s.sentence().isEmpty() ? "" : " — " + s.sentence());
      }
      if (!report.ending().isEmpty()) {
        System.out.println(report.ending());
      }
      return 0;
    }
  }

  private int listRuns(Session session) {
    List<RunRecord> runs = session.journal().runs(null);
    if (common.json()) {
      List<Object> out = new ArrayList<>();
      for (RunRecord r : runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", r.runId());
        m.put("system", r.system());
        m.put("strategy", r.strategy());
        m.put("targetVersion", r.targetVersion());
        m.put("status", r.status().label());
        m.put("updatedAt", r.updatedAt());
        out.add(m);
      }
      System.out.println(Json.write(out));
      return 0;
    }
    if (runs.isEmpty()) {
      System.out.println("no runs yet in " + session.home().dir());
    }
    for (RunRecord r : runs) {
      System.out.printf(
          "%-26s %-16s %-10s %-8s %-8s %s%n",
          r.runId(),
          r.system(),
          r.strategy(),
          r.targetVersion(),
          r.status().label(),
          r.updatedAt());
    }
    return 0;
  }
}
