package dev.baton.app.report;

import dev.baton.app.output.Html;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.Secrets;
import dev.baton.engine.Redactor;
import dev.baton.model.Topology;
import dev.baton.plan.Outline;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders a run report as one self-contained HTML file: inline CSS and SVG, no script and no
 * external reference, so it opens from disk and can be attached to a change ticket. Every value
 * from the topology or the journal is escaped.
 */
public final class HtmlReport {

  private static final String CSS =
      """
      body{font-family:sans-serif;margin:2em;color:#222;max-width:1200px}
      h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
      table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;
      text-align:left;vertical-align:top;font-size:.92em}th{background:#f4f4f4}
      .summary td:first-child{width:12em;color:#555}
      .d-done,.d-already{color:#176b17}.d-refused,.d-failed{color:#b00020;font-weight:bold}
      .d-waiting{color:#a15c00;font-weight:bold}.d-not-reached{color:#888}.d-undone{color:#555}
      .pnr{background:#b00020;color:#fff;border-radius:3px;padding:0 4px;font-size:.8em}
      .gate{color:#a15c00;font-size:.9em}.id{color:#777;font-family:monospace;font-size:.85em}
      pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:.85em;white-space:pre-wrap}
      .picture{overflow:auto;border:1px solid #eee;padding:6px}.none{color:#777}
      """;

  private final Redactor redactor;

  private HtmlReport(Redactor redactor) {
    this.redactor = redactor;
  }

  /** The report of a journaled run, with its system observed now and its workload figures. */
  public static String of(RunReport r, Outline outline, Home home) {
    Optional<Topology> t = RunSystem.topology(r.run());
    Clock clock = Clock.systemUTC();
    return render(
        r,
        outline,
        t.map(x -> RunSystem.observed(x, home, clock)),
        WorkloadFigures.read(home, r.run().runId()),
        clock.instant(),
        t.map(Secrets::redactorFor).orElse(Redactor.none()));
  }

  /**
   * The report of {@code r}; {@code system} is drawn when given, and {@code workload} holds the
   * figures a workload client measured, when one ran. Every value is also passed through {@code
   * redactor}.
   */
  public static String render(
      RunReport r,
      Outline outline,
      Optional<SystemView> system,
      Optional<Map<String, Object>> workload,
      Instant written,
      Redactor redactor) {
    return new HtmlReport(redactor).page(r, outline, system, workload, written);
  }

  private String page(
      RunReport r,
      Outline outline,
      Optional<SystemView> system,
      Optional<Map<String, Object>> workload,
      Instant written) {
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'; img-src data:\">")
        .append("<title>Run ")
        .append(esc(r.run().runId()))
        .append(" of ")
        .append(esc(r.run().system()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    summary(b, r, written);
    b.append("<h2>System</h2>\n");
    if (system.isPresent()) {
      b.append("<div class=\"picture\">")
          .append(TopologyPicture.inline(system.get().redacted(redactor)));
      b.append("</div>\n");
      properties(b, system.get());
    } else {
      b.append("<p class=\"none\">the run's topology could not be read</p>\n");
    }
    steps(b, r, outline);
    workload(b, workload);
    records(b, "Approvals", r.approvals(), List.of("step", "by", "gate", "at"));
    records(
        b, "Overrides", r.overrides(), List.of("step", "guard", "reason", "by", "refusal", "at"));
    evidence(b, r);
    b.append("</body></html>\n");
    return b.toString();
  }

  private void summary(StringBuilder b, RunReport r, Instant written) {
    b.append("<h1>Run <span class=\"id\">")
        .append(esc(r.run().runId()))
        .append("</span>: ")
        .append(esc(r.run().strategy()))
        .append(" of ")
        .append(esc(r.run().system()))
        .append("</h1>\n<table class=\"summary\">");
    row(b, "status", r.run().status().label());
    row(b, "target version", r.run().targetVersion());
    row(b, "options", new TreeMap<>(r.run().options()).toString());
    row(b, "started", String.valueOf(r.run().createdAt()));
    row(b, "wall time", r.wallTime().toMillis() + " ms");
    row(b, "ending", r.ending());
    row(b, "topology", r.run().topologySource());
    row(b, "plan fingerprint", r.run().planFingerprint());
    row(b, "report written", String.valueOf(written));
    b.append("</table>\n");
  }

  private void properties(StringBuilder b, SystemView v) {
    StringBuilder rows = new StringBuilder();
    for (SystemView.SideView s : v.sides()) {
      for (SystemView.NodeView n : s.nodes()) {
        for (SystemView.ComponentView c : n.components()) {
          c.properties().forEach((k, val) -> propertyRow(rows, "component " + c.name(), k, val));
        }
      }
    }
    for (SystemView.EntryView e : v.entryPoints()) {
      e.properties().forEach((k, val) -> propertyRow(rows, "entry point " + e.name(), k, val));
    }
    if (rows.length() > 0) {
      b.append("<details><summary>Properties</summary><table class=\"properties\">")
          .append("<tr><th>part</th><th>property</th><th>value</th></tr>")
          .append(rows)
          .append("</table></details>\n");
    }
  }

  private void propertyRow(StringBuilder b, String part, String key, String value) {
    b.append("<tr><td>")
        .append(esc(part))
        .append("</td><td>")
        .append(esc(key))
        .append("</td><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  private void steps(StringBuilder b, RunReport r, Outline outline) {
    b.append("<h2>Checklist</h2>\n<table class=\"steps\"><tr><th>#</th><th>step</th>")
        .append("<th>decision</th><th>sentence</th><th>decided at</th><th>ms</th></tr>\n");
    for (RunReport.StepRow s : r.steps()) {
      String cls = "d-" + s.decision().replace(' ', '-');
      b.append("<tr class=\"step\" data-step=\"")
          .append(esc(s.id()))
          .append("\"><td>")
          .append(s.number())
          .append("</td><td>")
          .append(esc(s.title()))
          .append(s.pointOfNoReturn() ? " <span class=\"pnr\">point of no return</span>" : "")
          .append("<br><span class=\"id\">")
          .append(esc(s.id()))
          .append("</span>");
      outline
          .step(s.id())
          .flatMap(Outline.Item::gated)
          .ifPresent(
              g ->
                  b.append("<br><span class=\"gate\">gate (")
                      .append(esc(g.kind().name().toLowerCase().replace('_', '-')))
                      .append("): ")
                      .append(esc(g.text()))
                      .append("</span>"));
      b.append("</td><td class=\"")
          .append(esc(cls))
          .append("\">")
          .append(esc(s.decision()))
          .append("</td><td>")
          .append(esc(s.sentence()))
          .append("</td><td>")
          .append(s.decidedAt() == null ? "" : esc(s.decidedAt().toString()))
          .append("</td><td>")
          .append(s.millis())
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private void workload(StringBuilder b, Optional<Map<String, Object>> figures) {
    b.append("<h2>Unavailability</h2>\n");
    if (figures.isEmpty()) {
      b.append("<p class=\"none\">no workload client ran during this run: nothing measured</p>\n");
      return;
    }
    b.append("<table class=\"workload\">");
    figures.get().forEach((k, v) -> row(b, WorkloadFigures.label(k), String.valueOf(v)));
    b.append("</table>\n");
  }

  private void records(
      StringBuilder b, String title, List<Map<String, String>> items, List<String> keys) {
    b.append("<h2>").append(title).append("</h2>\n");
    if (items.isEmpty()) {
      b.append("<p class=\"none\">none</p>\n");
      return;
    }
    b.append("<table class=\"").append(title.toLowerCase()).append("\"><tr>");
    keys.forEach(k -> b.append("<th>").append(k).append("</th>"));
    b.append("</tr>");
    for (Map<String, String> m : items) {
      b.append("<tr>");
      keys.forEach(k -> b.append("<td>").append(esc(m.getOrDefault(k, ""))).append("</td>"));
      b.append("</tr>");
    }
    b.append("</table>\n");
  }

  private void evidence(StringBuilder b, RunReport r) {
    b.append("<h2>Evidence</h2>\n");
    boolean any = false;
    for (RunReport.StepRow s : r.steps()) {
      if (!s.evidence().isBlank()) {
        any = true;
        b.append("<details class=\"evidence\"><summary>")
            .append(esc(s.id()))
            .append("</summary><pre>")
            .append(escLines(s.evidence().strip()))
            .append("</pre></details>\n");
      }
    }
    if (!any) {
      b.append("<p class=\"none\">no step recorded evidence</p>\n");
    }
  }

  /** Escaped for HTML, after any secret value was masked. */
  private String esc(String s) {
    return Html.text(redactor.redact(s));
  }

  /** As {@link #esc}, keeping line breaks, for a block shown as it was written. */
  private String escLines(String s) {
    return Html.lines(redactor.redact(s));
  }

  private void row(StringBuilder b, String k, String v) {
    b.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>");
  }
}
