package dev.baton.app;

import dev.baton.engine.Driver;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.facts.Facts;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;

/**
 * Plans a strategy on fresh facts and runs it under the lease with the journal: what {@code apply}
 * does, and what each operation's shorthand ({@code switchback}, {@code rewind}, …) does with its
 * own strategy and goal.
 */
final class OperationRun {
  private OperationRun() {}

  /** The plan that ran and how the run ended. */
  record Outcome(Plan plan, RunResult result, java.io.PrintStream resultOut) {}

  static Outcome run(Common common, Path topology, String strategy, Goal goal, RunOptions run)
      throws Exception {
    LoadedTopology lt = TopologyLoader.load(topology);
    EngineOptions engineOptions = run.toEngineOptions();
    try (Session session = new Session(common.resolveHome());
        Driver driver = Drivers.forTopology(lt.topology(), session.home());
        RunListeners listeners = RunListeners.open(run, common.json(), lt.topology())) {
      Facts facts = Session.observeOrWarn(driver, lt.topology());
      Plan plan = Session.plan(Session.strategy(strategy), lt, facts, goal);
      RunRecord template =
          RunRecord.starting(
              plan.system(),
              plan.strategy(),
              plan.goal().targetVersion() == null ? "" : plan.goal().targetVersion().text(),
              plan.goal().options(),
              lt.source(),
              lt.text(),
              plan.fingerprint());
      RunResult r =
          session
              .engine(driver, lt.topology(), listeners.listener())
              .start(lt.topology(), plan, template, engineOptions);
      return new Outcome(plan, r, listeners.resultOut());
    }
  }

  /**
   * Runs an operation, prints how it ended and then the plan's notes (what was left to do, with the
   * topology's path filled in), and returns the exit code.
   */
  static int runAndTell(Common common, Path topology, String strategy, Goal goal, RunOptions run)
      throws Exception {
    Outcome o = run(common, topology, strategy, goal, run);
    int code = Results.print(o.result(), common.json(), o.resultOut());
    if (!common.json()) {
      for (String note : o.plan().notes()) {
        System.out.println("note: " + note.replace("TOPOLOGY", topology.toString()));
      }
    }
    return code;
  }
}
