package dev.baton.app.cli;

import dev.baton.app.wiring.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code baton apply}: plans and executes a strategy, every step journaled. */
@Command(
    mixinStandardHelpOptions = true,
    name = "apply",
    description = {
      "Plan and execute: every step observes, checks its guards and the invariants on fresh",
      "facts, acts, verifies and is journaled. Exit 0 done, 1 failed, 2 bad input, 3 halted."
    },
    footer = {
      "",
      "Example:",
      "  baton apply examples/takeover-sim.yaml --strategy takeover --to 2.0 --yes"
    })
public final class ApplyCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin PlanOptions options;
  @Mixin RunOptions run;

  @Override
  public Integer call() throws Exception {
    OperationRun.Outcome o =
        OperationRun.run(
            common,
            options.topology,
            options.strategy,
            options.goal(Session.strategy(options.strategy)),
            run);
    return o.print(common.json());
  }
}
