package dev.baton.app;

import dev.baton.engine.Driver;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.plan.Plan;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
final class ApplyCommand implements Callable<Integer> {

  @Mixin Common common;
  @Mixin PlanOptions options;
  @Mixin RunOptions run;

  @Override
  public Integer call() throws Exception {
    LoadedTopology lt = TopologyLoader.load(options.topology);
    EngineOptions engineOptions = run.toEngineOptions();
    try (Session session = new Session(common.resolveHome());
        Driver driver = Drivers.forTopology(lt.topology(), session.home());
        RunListeners listeners = RunListeners.open(run, common.json(), lt.topology())) {
      Facts facts = Session.observeOrWarn(driver, lt.topology());
      Plan plan = Session.plan(Session.strategy(options.strategy), lt, facts, options.goal());
      RunRecord template =
          new RunRecord(
              "",
              plan.system(),
              plan.strategy(),
              plan.goal().targetVersion() == null ? "" : plan.goal().targetVersion().text(),
              plan.goal().options(),
              lt.source(),
              lt.text(),
              plan.fingerprint(),
              RunStatus.RUNNING,
              null,
              null);
      RunResult r =
          session
              .engine(driver, lt.topology(), listeners.listener())
              .start(lt.topology(), plan, template, engineOptions);
      return Results.print(r, common.json(), listeners.resultOut());
    }
  }
}
