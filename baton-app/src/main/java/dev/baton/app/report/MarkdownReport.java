package dev.baton.app.report;

import dev.baton.app.output.Markdown;
import java.util.Map;

/** Renders a run report as Markdown: a summary, the step table, overrides, approvals, evidence. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(RunReport r) {
    StringBuilder b = new StringBuilder();
    b.append("# Run ").append(Markdown.text(r.run().runId())).append("\n\n");
    b.append("| | |\n|---|---|\n");
    row(b, "system", r.run().system());
    row(b, "strategy", r.run().strategy());
    row(b, "target version", r.run().targetVersion());
    row(b, "status", r.run().status().label());
    row(b, "started", String.valueOf(r.run().createdAt()));
    row(b, "wall time", r.wallTime().toMillis() + " ms");
    row(b, "ending", r.ending());
    b.append("\n## Steps\n\n");
    b.append("| # | step | decision | sentence | ms |\n|---|---|---|---|---|\n");
    for (RunReport.StepRow s : r.steps()) {
      b.append("| ")
          .append(s.number())
          .append(" | ")
          .append(cell(s.title()))
          .append(s.pointOfNoReturn() ? " **(point of no return)**" : "")
          .append(" ")
          .append(Markdown.code(s.id()))
          .append(" | ")
          .append(cell(s.decision()))
          .append(" | ")
          .append(cell(s.sentence()))
          .append(" | ")
          .append(s.millis())
          .append(" |\n");
    }
    list(b, "Overrides", r.overrides());
    list(b, "Approvals", r.approvals());
    b.append("\n## Evidence\n");
    for (RunReport.StepRow s : r.steps()) {
      if (!s.evidence().isBlank()) {
        b.append("\n### ")
            .append(Markdown.text(s.id()))
            .append("\n\n")
            .append(Markdown.block(s.evidence().strip()));
      }
    }
    return b.toString();
  }

  private static void list(
      StringBuilder b, String title, java.util.List<Map<String, String>> items) {
    b.append("\n## ").append(title).append("\n\n");
    if (items.isEmpty()) {
      b.append("none\n");
    }
    for (Map<String, String> m : items) {
      b.append("- ").append(Markdown.text(new java.util.TreeMap<>(m).toString())).append('\n');
    }
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
  }

  private static String cell(String s) {
    return Markdown.text(s);
  }
}
