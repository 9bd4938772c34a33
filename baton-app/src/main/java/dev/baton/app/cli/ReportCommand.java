package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.output.Json;
import dev.baton.app.output.Visible;
import dev.baton.app.report.HtmlReport;
import dev.baton.app.report.MarkdownReport;
import dev.baton.app.report.RunReport;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Session;
import dev.baton.plan.Outline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton report}: writes a run's report from the journal. */
@Command(
    mixinStandardHelpOptions = true,
    name = "report",
    description =
        "Write a run's report: every step with its decision sentence, timing and evidence.",
    footer = {
      "",
      "Examples:",
      "  baton report r-20261121-231500-a1b2 --format md",
      "  baton report r-20261121-231500-a1b2 --format json --out run.json",
      "  baton report r-20261121-231500-a1b2 --format html --out run.html"
    })
public final class ReportCommand implements Callable<Integer> {

  enum Format {
    md,
    json,
    html
  }

  @Mixin Common common;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "The run id.",
      converter = OneLine.class)
  String runId;

  @Option(
      names = "--format",
      defaultValue = "md",
      description = "md, json or html (one self-contained file). Default: ${DEFAULT-VALUE}")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to a file instead of stdout.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path target = out == null ? null : OutputFile.check("--out", out.toString());
    try (Session session = Session.open(common.resolveHome(), HomeUse.READ)) {
      Outline outline = session.outline(runId);
      RunReport report = RunReport.of(session.run(runId), outline, session.journal().events(runId));
      String text =
          switch (common.json() ? Format.json : format) {
            case json -> Json.write(report);
            case md -> MarkdownReport.render(report);
            case html -> HtmlReport.of(report, outline, session.home());
          };
      if (target != null) {
        write(target, text);
        System.out.println("wrote " + out);
      } else {
        System.out.print(text);
      }
      return 0;
    }
  }

  private void write(Path target, String text) throws UsageException {
    try {
      Files.writeString(target, text);
    } catch (IOException e) {
      throw new UsageException(
          "--out " + Visible.text(out.toString()) + ": cannot write: " + e.getMessage());
    }
  }
}
