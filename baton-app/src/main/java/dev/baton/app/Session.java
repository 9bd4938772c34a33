package dev.baton.app;

import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.Journal;
import dev.baton.engine.RunRecord;
import dev.baton.facts.Facts;
import dev.baton.journal.SqliteJournal;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.strategy.PlanningException;
import dev.baton.strategy.Strategies;
import dev.baton.strategy.Strategy;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Plain-constructor wiring of one CLI invocation: home, journal, driver and engine. */
final class Session implements AutoCloseable {

  private final Home home;
  private Journal journal;

  Session(Home home) {
    this.home = home;
  }

  Home home() {
    return home;
  }

  Journal journal() {
    if (journal == null) {
      journal = FaultJournal.wrapIfAsked(SqliteJournal.open(home.journalFile()));
    }
    return journal;
  }

  Engine engine(Driver driver, Topology t, EngineListener listener) {
    return new Engine(driver, journal(), listener, Secrets.redactorFor(t), Clock.systemUTC());
  }

  static Strategy strategy(String name) throws UsageException {
    return Strategies.named(name)
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown strategy '"
                        + name
                        + "'; known: "
                        + String.join(", ", Strategies.names())));
  }

  /** Observes the system, or returns no facts with a warning when it cannot be observed. */
  static Facts observeOrWarn(Driver driver, Topology t) {
    try {
      return driver.observe(t, List.of());
    } catch (DriverException e) {
      System.err.println("warning: cannot observe " + t.system() + ": " + e.getMessage());
      return Facts.empty();
    }
  }

  static Plan plan(Strategy s, LoadedTopology lt, Facts facts, Goal goal)
      throws UsageException, BadInputException {
    // Strategies take what they say of the product (its terms, its cluster parts) from its pack.
    Topology t = Drivers.packs().withTerms(lt.topology());
    try {
      return s.plan(t, facts, goal);
    } catch (PlanningException e) {
      throw new UsageException(lt.source() + ": cannot plan " + s.name() + ": " + e.getMessage());
    }
  }

  /** A run's topology and plan rebuilt from the journal; refuses if the plan would differ. */
  record Rebuilt(RunRecord run, LoadedTopology topology, Plan plan) {}

  Rebuilt rebuild(String runId) throws UsageException, BadInputException {
    RunRecord run =
        journal()
            .run(runId)
            .orElseThrow(() -> new UsageException("no run " + runId + " in " + home.journalFile()));
    LoadedTopology lt = TopologyLoader.parse(run.topologyText(), run.topologySource());
    Goal goal =
        new Goal(
            run.targetVersion() == null || run.targetVersion().isEmpty()
                ? null
                : dev.baton.model.Version.parse(run.targetVersion()),
            run.options());
    Plan plan = plan(strategy(run.strategy()), lt, Facts.empty(), goal);
    if (!plan.fingerprint().equals(run.planFingerprint())) {
      throw new UsageException(
          "the plan rebuilt for run "
              + runId
              + " differs from the one it started with ("
              + plan.fingerprint()
              + " vs "
              + run.planFingerprint()
              + "); refusing to continue it");
    }
    return new Rebuilt(run, lt, plan);
  }

  /** What resume and abort do with a rebuilt run. */
  interface RunCall {
    dev.baton.engine.RunResult call(
        Engine engine, Rebuilt run, dev.baton.engine.EngineOptions options) throws Exception;
  }

  /**
   * Rebuilds a run from the journal, opens its driver, hands both to {@code call} with an engine
   * that shows live progress (unless the output is JSON) and writes {@code --events}, and prints
   * how it ended.
   */
  int continueRun(String runId, RunOptions options, boolean json, RunCall call) throws Exception {
    Rebuilt r = rebuild(runId);
    try (Driver driver = Drivers.forTopology(r.topology().topology(), home);
        RunListeners l = RunListeners.open(options, json, r.topology().topology())) {
      return Results.print(
          call.call(
              engine(driver, r.topology().topology(), l.listener()), r, options.toEngineOptions()),
          json,
          l.resultOut());
    }
  }

  static Map<String, String> parsePairs(List<String> pairs, String flag) throws UsageException {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new UsageException(flag + " '" + p + "': expected NAME=VALUE");
      }
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return out;
  }

  @Override
  public void close() {
    if (journal != null) {
      journal.close();
    }
  }
}
