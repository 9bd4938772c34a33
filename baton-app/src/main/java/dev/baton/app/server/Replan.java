package dev.baton.app.server;

import dev.baton.app.AlreadyDone;
import dev.baton.app.UsageException;
import dev.baton.app.wiring.Session;
import dev.baton.engine.RunRecord;
import dev.baton.facts.Facts;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;

/**
 * A run's plan rebuilt from its journaled topology, strategy and goal, refused when its fingerprint
 * differs (ADR 0005), as {@code Session.rebuild} does. Unlike it, this does not redact the
 * process's standard output with each run's secrets: a server rebuilds many runs, and its responses
 * are redacted one by one.
 */
final class Replan {
  private Replan() {}

  static Session.Rebuilt of(RunRecord run) throws UsageException, BadInputException {
    LoadedTopology lt = TopologyLoader.parse(run.topologyText(), run.topologySource());
    Goal goal =
        new Goal(
            run.targetVersion() == null || run.targetVersion().isEmpty()
                ? null
                : Version.parse(run.targetVersion()),
            run.options());
    Plan plan;
    try {
      plan = Session.plan(Session.strategy(run.strategy()), lt, Facts.empty(), goal);
    } catch (AlreadyDone e) {
      // Rebuilt on no facts from the options the run recorded, a plan cannot find its goal met.
      throw new UsageException(
          "the plan for run " + run.runId() + " cannot be rebuilt: " + e.getMessage());
    }
    if (!plan.fingerprint().equals(run.planFingerprint())) {
      throw new UsageException(
          "the plan rebuilt for run "
              + run.runId()
              + " differs from the one it started with ("
              + plan.fingerprint()
              + " vs "
              + run.planFingerprint()
              + "); refusing to continue it");
    }
    return new Session.Rebuilt(run, lt, plan);
  }
}
