package dev.baton.app.cli;

import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton abort}: undoes a run's completed steps back to its last point of no return. */
@Command(
    mixinStandardHelpOptions = true,
    name = "abort",
    description = {
      "Abort a run: undo its completed steps, newest first, back to the last point of no",
      "return it passed. Steps beyond that point are not undone."
    },
    footer = {"", "Example:", "  baton abort r-20261121-231500-a1b2"})
public final class AbortCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin RunOptions run;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "The run id.",
      converter = OneLine.class)
  String runId;

  @Override
  public Integer call() throws Exception {
    try (Session session = Session.open(common.resolveHome(), HomeUse.UPDATE)) {
      return OperationRun.continueRun(
          session,
          runId,
          run,
          common.json(),
          (engine, r, options) -> engine.abort(runId, r.topology().topology(), r.plan(), options));
    }
  }
}
