package dev.baton.app.wiring;

import dev.baton.app.AlreadyDone;
import dev.baton.app.Refused;
import dev.baton.app.UsageException;
import dev.baton.app.output.Visible;
import dev.baton.engine.CheckLine;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EventType;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.GatePolicy;
import dev.baton.plan.Goal;
import dev.baton.plan.Outline;
import dev.baton.plan.Plan;
import dev.baton.strategy.GoalAlreadyMet;
import dev.baton.strategy.PlanningException;
import dev.baton.strategy.Strategies;
import dev.baton.strategy.Strategy;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.time.Clock;
import java.util.List;

/** Plain-constructor wiring of one CLI invocation: home, journal, driver and engine. */
public final class Session implements AutoCloseable {

  private final Home home;
  private Journal journal;

  /** A session that creates its home and journal when first needed, as the demo's runs do. */
  public Session(Home home) {
    this.home = home;
  }

  /**
   * A session for a command's {@code use} of {@code home}: checks the home, then opens its journal,
   * or, for a command that only reads or updates and finds none, an empty one that creates nothing.
   */
  public static Session open(Home home, HomeUse use) throws UsageException {
    use.check(home);
    Session s = new Session(home);
    if (use != HomeUse.CREATE && home.journalMissing()) {
      s.journal = new NoJournal(home);
      return s;
    }
    try {
      s.journal();
    } catch (IllegalStateException e) {
      String where =
          home.journal() == null ? "home " + home.dir() : "journal " + home.journalName();
      throw new UsageException(where + ": " + e.getMessage());
    }
    return s;
  }

  public Home home() {
    return home;
  }

  public Journal journal() {
    if (journal == null) {
      journal = FaultJournal.wrapIfAsked(home.journalLocation().open());
    }
    return journal;
  }

  public Engine engine(Driver driver, Topology t, EngineListener listener) {
    return new Engine(driver, journal(), listener, Secrets.redactorFor(t), Clock.systemUTC());
  }

  public static Strategy strategy(String name) throws UsageException {
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
  public static Facts observeOrWarn(Driver driver, Topology t) {
    try {
      return driver.observe(t, List.of());
    } catch (DriverException e) {
      System.err.println(
          Visible.text("warning: cannot observe " + t.system() + ": " + e.getMessage()));
      return Facts.empty();
    }
  }

  /**
   * Refuses to start a run on a topology the live servers contradict (a wrong data directory, port,
   * OS user or binary directory): the driver's check finds it before any action, where a run would
   * find it halfway (ADR 0033). Problems with the system's state are left to the plan's guards.
   */
  public static void refuseTopologyProblems(Driver driver, Topology t) throws Refused {
    List<CheckLine> lines;
    try {
      lines = driver.check(t);
    } catch (DriverException e) {
      System.err.println(
          Visible.text("warning: cannot check " + t.system() + ": " + e.getMessage()));
      return;
    }
    List<CheckLine> wrong = CheckLine.topologyProblems(lines);
    if (wrong.isEmpty()) {
      return;
    }
    StringBuilder b =
        new StringBuilder("refused before any action: the topology of ")
            .append(t.system())
            .append(" contradicts the live servers (")
            .append(wrong.size() == 1 ? "1 problem" : wrong.size() + " problems")
            .append("; baton check TOPOLOGY lists every finding):");
    wrong.forEach(l -> b.append("\n  ").append(l));
    throw new Refused(b.toString());
  }

  public static Plan plan(Strategy s, LoadedTopology lt, Facts facts, Goal goal)
      throws UsageException, BadInputException, AlreadyDone {
    // Strategies take what they say of the product (its terms, its cluster parts) from its pack.
    Topology t = Drivers.packs().withTerms(lt);
    if (!s.plansComponentsWithoutVersion()) {
      for (var c : t.components()) {
        if (c.version() == null) {
          throw new UsageException(
              lt.source()
                  + ": cannot plan "
                  + s.name()
                  + ": "
                  + c.name()
                  + " has no version, and only full-stop and split-side plan such a component"
                  + " (they stop and start it around its side's upgrade)");
        }
      }
    }
    GatePolicy gates;
    try {
      gates = GatePolicy.of(goal);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--set " + e.getMessage());
    }
    try {
      // The gate policy is a goal option, so a plan rebuilt from the journal gets the same gates.
      return gates.apply(s.plan(t, facts, goal));
    } catch (GoalAlreadyMet e) {
      throw new AlreadyDone(e.getMessage());
    } catch (PlanningException e) {
      throw new UsageException(lt.source() + ": cannot plan " + s.name() + ": " + e.getMessage());
    }
  }

  /**
   * What a run's plan does, as journaled when it started; runs from before outlines were journaled
   * are rebuilt instead. Showing or reporting a run never needs its topology to plan again.
   */
  public Outline outline(String runId) throws UsageException, BadInputException {
    RunRecord run = run(runId);
    for (JournalEvent e : journal().events(runId)) {
      if (e.type() == EventType.RUN_STARTED && e.data().containsKey(Engine.OUTLINE)) {
        return Outline.fromJson(e.data().get(Engine.OUTLINE));
      }
    }
    return Outline.of(rebuild(run.runId()).plan());
  }

  /** A run's topology and plan rebuilt from the journal; refuses if the plan would differ. */
  public record Rebuilt(RunRecord run, LoadedTopology topology, Plan plan) {}

  /** The run with this id, or a sentence naming the runs there are. */
  public RunRecord run(String runId) throws UsageException {
    return journal().run(runId).orElseThrow(() -> noRun(runId));
  }

  public Rebuilt rebuild(String runId) throws UsageException, BadInputException {
    RunRecord run = run(runId);
    LoadedTopology lt = TopologyLoader.parse(run.topologyText(), run.topologySource());
    // This process prints for one run: its secrets are masked in everything it prints from here.
    Secrets.guardOutput(lt.topology());
    return replan(run, lt);
  }

  /**
   * A run's plan rebuilt from its journaled topology, strategy and goal, refused when its
   * fingerprint differs (ADR 0005). Unlike {@link #rebuild}, this does not redact the process's
   * standard output with the run's secrets: a server rebuilds many runs and redacts each response.
   */
  public static Rebuilt replan(RunRecord run) throws UsageException, BadInputException {
    return replan(run, TopologyLoader.parse(run.topologyText(), run.topologySource()));
  }

  private static Rebuilt replan(RunRecord run, LoadedTopology lt)
      throws UsageException, BadInputException {
    Goal goal =
        new Goal(
            run.targetVersion() == null || run.targetVersion().isEmpty()
                ? null
                : dev.baton.model.Version.parse(run.targetVersion()),
            run.options());
    Plan plan;
    try {
      plan = plan(strategy(run.strategy()), lt, Facts.empty(), goal);
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
    return new Rebuilt(run, lt, plan);
  }

  private static final int RUNS_NAMED = 5;

  /** Names the runs there are, newest first, so a mistyped id can be put right. */
  private UsageException noRun(String runId) {
    List<String> ids = journal().runs(null).stream().map(RunRecord::runId).toList();
    String known =
        ids.isEmpty()
            ? "no runs yet"
            : "runs: "
                + String.join(", ", ids.subList(0, Math.min(RUNS_NAMED, ids.size())))
                + (ids.size() > RUNS_NAMED ? " and " + (ids.size() - RUNS_NAMED) + " older" : "");
    return new UsageException("no run " + runId + " in " + home.journalName() + "; " + known);
  }

  @Override
  public void close() {
    if (journal != null) {
      journal.close();
    }
  }
}
