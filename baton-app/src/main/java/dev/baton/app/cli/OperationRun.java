package dev.baton.app.cli;

import dev.baton.app.output.LostEvents;
import dev.baton.app.output.Results;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.PropertyRules;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Driver;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.topology.LoadedTopology;
import java.nio.file.Path;

/**
 * Plans a strategy on fresh facts and runs it under the lease with the journal: what {@code apply}
 * does, and what each operation's shorthand ({@code switchback}, {@code rewind}, …) does with its
 * own strategy and goal. Also continues a journaled run, as {@code resume} and {@code abort} do.
 */
final class OperationRun {
  private OperationRun() {}

  /** The plan that ran and how the run ended. */
  record Outcome(Plan plan, RunResult result, java.io.PrintStream resultOut, LostEvents lost) {

    int print(boolean json) {
      return Results.print(result, json, resultOut, lost);
    }
  }

  static Outcome run(Common common, Path topology, String strategy, Goal goal, RunOptions run)
      throws Exception {
    run.check();
    LoadedTopology lt = Secrets.load(topology);
    PropertyRules.check(lt);
    Secrets.refuseSecretsInFields(lt);
    EngineOptions engineOptions = run.toEngineOptions();
    try (Session session = Session.open(common.resolveHome(), HomeUse.CREATE);
        Driver driver = Drivers.forTopology(lt.topology(), session.home());
        RunListeners listeners = RunListeners.open(run, common.json(), lt.topology())) {
      Session.refuseTopologyProblems(driver, lt.topology());
      Facts facts = Session.observeOrWarn(driver, lt.topology());
      Plan plan = Session.plan(Session.strategy(strategy), lt, facts, goal);
      Overrides.check(
          engineOptions.overrides(), Overrides.guardNames(plan), "the " + strategy + " plan");
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
      return new Outcome(plan, r, listeners.resultOut(), listeners.lostEvents(run));
    }
  }

  /** What resume and abort do with a rebuilt run. */
  interface RunCall {
    RunResult call(Engine engine, Session.Rebuilt run, EngineOptions options) throws Exception;
  }

  /**
   * Rebuilds a run from the journal, opens its driver, hands both to {@code call} with an engine
   * that shows live progress (unless the output is JSON) and writes {@code --events}, and prints
   * how it ended.
   */
  static int continueRun(
      Session session, String runId, RunOptions options, boolean json, RunCall call)
      throws Exception {
    options.check();
    Session.Rebuilt r = session.rebuild(runId);
    Overrides.check(
        options.toEngineOptions().overrides(),
        Overrides.guardNames(r.plan()),
        "the " + r.plan().strategy() + " plan of " + runId);
    Topology t = r.topology().topology();
    try (Driver driver = Drivers.forTopology(t, session.home());
        RunListeners l = RunListeners.open(options, json, t)) {
      RunResult result =
          call.call(session.engine(driver, t, l.listener()), r, options.toEngineOptions());
      return Results.print(result, json, l.resultOut(), l.lostEvents(options));
    }
  }

  /**
   * Runs an operation, prints how it ended and then the plan's notes (what was left to do, with the
   * topology's path filled in), and returns the exit code.
   */
  static int runAndTell(Common common, Path topology, String strategy, Goal goal, RunOptions run)
      throws Exception {
    Outcome o = run(common, topology, strategy, goal, run);
    int code = o.print(common.json());
    if (!common.json()) {
      for (String note : o.plan().notes()) {
        System.out.println("note: " + note.replace("TOPOLOGY", topology.toString()));
      }
    }
    return code;
  }
}
