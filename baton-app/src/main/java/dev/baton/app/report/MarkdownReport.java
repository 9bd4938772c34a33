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
    commands(b, r.steps());
    pauses(b, r.pauses());
    workload(b, r.workload());
    list(b, "Overrides", r.overrides(), RunReport::overrideSentence);
    list(b, "Approvals", r.approvals(), RunReport::approvalSentence);
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

  /** Per step, the part of its action spent in commands on nodes: remote round trips. */
  private static void commands(StringBuilder b, java.util.List<RunReport.StepRow> steps) {
    if (steps.stream().noneMatch(s -> s.remoteCommands() > 0)) {
      return;
    }
    b.append("\n## Time in commands on nodes\n\n| step | commands | ms |\n|---|---|---|\n");
    for (RunReport.StepRow s : steps) {
      if (s.remoteCommands() > 0) {
        b.append("| `")
            .append(s.id())
            .append("` | ")
            .append(s.remoteCommands())
            .append(" | ")
            .append(s.remoteMs())
            .append(" |\n");
      }
    }
  }

  private static void pauses(StringBuilder b, java.util.List<RunReport.Pause> pauses) {
    if (pauses.isEmpty()) {
      return;
    }
    b.append("\n## Clients held by a pooler\n\n");
    for (RunReport.Pause p : pauses) {
      b.append("- `")
          .append(p.step())
          .append("`: held ")
          .append(p.pauseMs())
          .append(" ms; ")
          .append(p.waitingClients())
          .append(" clients were waiting when they were let go on\n");
    }
  }

  /** What the client saw, when a workload ran beside the run. */
  private static void workload(StringBuilder b, RunReport.Workload w) {
    if (w == null) {
      return;
    }
    b.append("\n## Workload\n\n")
        .append(
            String.format(
                java.util.Locale.ROOT,
                "- the client saw %d failed operations; its longest single operation took %.1f ms\n"
                    + "- write unavailability: longest gap %.1f ms, %.1f ms in all without an"
                    + " acknowledged write\n"
                    + "- lost writes: %d; unexpected writes: %d; two actives: %d\n",
                w.failedOperations(),
                w.longestOpMs(),
                w.longestGapMs(),
                w.withoutAckMs(),
                w.lostWrites(),
                w.unexpectedWrites(),
                w.twoActives()));
  }

  private static void list(
      StringBuilder b,
      String title,
      java.util.List<Map<String, String>> items,
      java.util.function.Function<Map<String, String>, String> sentence) {
    b.append("\n## ").append(title).append("\n\n");
    if (items.isEmpty()) {
      b.append("none\n");
    }
    for (Map<String, String> m : items) {
      b.append("- ").append(Markdown.text(sentence.apply(m))).append('\n');
    }
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
  }

  private static String cell(String s) {
    return Markdown.text(s);
  }
}
