package dev.baton.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.app.report.RunReport;
import dev.baton.app.report.WorkloadFigures;
import dev.baton.app.wiring.Home;
import dev.baton.engine.Engine;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Gate;
import dev.baton.plan.Outline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The runs as the console's REST resources show them: a filtered list, and one run in full. */
final class RunViews {

  /** What the list may be narrowed to; null fields do not narrow it. */
  record Filter(RunStatus status, String system, boolean waitingOnly) {}

  private final Journal journal;
  private final Home home;

  RunViews(Journal journal, Home home) {
    this.journal = journal;
    this.home = home;
  }

  /** Newest first, each entry redacted with its own run's secrets. */
  List<JsonNode> list(Filter f, Redactors redactors) {
    List<JsonNode> out = new ArrayList<>();
    for (RunRecord r : journal.runs(f.system())) {
      if (f.status() != null && r.status() != f.status()) {
        continue;
      }
      Optional<Map<String, Object>> waiting = Optional.empty();
      if (r.status() == RunStatus.HALTED) {
        List<JournalEvent> events = journal.events(r.runId());
        waiting = waiting(RunScan.of(r.status(), events), outlineOf(events));
      }
      if (f.waitingOnly() && waiting.isEmpty()) {
        continue;
      }
      Map<String, Object> m = summary(r);
      m.put("waiting", waiting.orElse(null));
      out.add(ApiJson.tree(m, redactors.of(r)));
    }
    return out;
  }

  /** One run: summary, every step with its state and evidence, the gate it waits at, figures. */
  Map<String, Object> one(RunRecord r, Outline outline) {
    List<JournalEvent> events = journal.events(r.runId());
    RunScan scan = RunScan.of(r.status(), events);
    RunReport report = RunReport.of(r, outline, events);
    Map<String, Object> m = summary(r);
    m.put("options", r.options());
    m.put("topologySource", r.topologySource());
    m.put("fingerprint", r.planFingerprint());
    List<Map<String, Object>> steps = new ArrayList<>();
    for (RunReport.StepRow s : report.steps()) {
      steps.add(step(s, outline, scan));
    }
    m.put("steps", steps);
    m.put("waiting", waiting(scan, outline).orElse(null));
    m.put("approvals", report.approvals());
    m.put("overrides", report.overrides());
    m.put("ending", report.ending());
    m.put("wallMs", report.wallTime().toMillis());
    m.put("workload", WorkloadFigures.read(home, r.runId()).orElse(null));
    m.put("lastEventId", scan.lastSeq());
    return m;
  }

  private static Map<String, Object> step(RunReport.StepRow s, Outline outline, RunScan scan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", s.number());
    m.put("id", s.id());
    m.put("title", s.title());
    m.put("pointOfNoReturn", s.pointOfNoReturn());
    Optional<Gate> gate = outline.step(s.id()).flatMap(Outline.Item::gated);
    m.put("gate", gate.map(RunViews::gate).orElse(null));
    String state = s.decision();
    String sentence = s.sentence();
    if (s.id().equals(scan.waitingStep())) {
      state = "waiting";
      sentence = scan.waitingSentence();
    } else if (scan.acting().contains(s.id())) {
      state = "acting";
    }
    m.put("state", state);
    m.put("sentence", sentence);
    m.put("decidedAt", s.decidedAt());
    m.put("ms", s.millis());
    m.put("evidence", s.evidence());
    m.put("approvedBy", List.copyOf(scan.approversOf(s.id())));
    return m;
  }

  private static Map<String, Object> gate(Gate g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", g.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    m.put("text", g.text());
    m.put("needs", g.kind().approvals());
    return m;
  }

  private static Outline outlineOf(List<JournalEvent> events) {
    for (JournalEvent e : events) {
      String o = e.data().get(Engine.OUTLINE);
      if (o != null) {
        return Outline.fromJson(o);
      }
    }
    return new Outline(List.of());
  }

  private static Optional<Map<String, Object>> waiting(RunScan scan, Outline outline) {
    if (scan.waitingStep() == null) {
      return Optional.empty();
    }
    Optional<Outline.Item> item = outline.step(scan.waitingStep());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", scan.waitingStep());
    m.put("title", item.map(Outline.Item::title).orElse(""));
    m.put("sentence", scan.waitingSentence());
    item.flatMap(Outline.Item::gated).ifPresent(g -> m.put("gate", gate(g)));
    m.put("approvedBy", List.copyOf(scan.approversOf(scan.waitingStep())));
    return Optional.of(m);
  }

  private static Map<String, Object> summary(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", r.runId());
    m.put("system", r.system());
    m.put("strategy", r.strategy());
    m.put("targetVersion", r.targetVersion());
    m.put("status", r.status().label());
    m.put("createdAt", r.createdAt());
    m.put("updatedAt", r.updatedAt());
    return m;
  }
}
