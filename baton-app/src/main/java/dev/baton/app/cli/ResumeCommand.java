package dev.baton.app.cli;

import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code baton resume}: continues a halted, failed or interrupted run. */
@Command(
    mixinStandardHelpOptions = true,
    name = "resume",
    description = {
      "Continue a halted, failed or interrupted run from its journal. Every step is",
      "re-observed; a step whose outcome was not journaled is never repeated blindly."
    },
    footer = {"", "Example:", "  baton resume r-20261121-231500-a1b2 --yes"})
public final class ResumeCommand implements Callable<Integer> {

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
          (engine, r, options) -> engine.resume(runId, r.topology().topology(), r.plan(), options));
    }
  }
}
