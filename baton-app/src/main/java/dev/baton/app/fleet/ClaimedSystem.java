package dev.baton.app.fleet;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.app.wiring.Secrets;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Driver;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.FencedOffException;
import dev.baton.engine.KeptLease;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.fleet.SystemState;
import dev.baton.journal.Claim;
import dev.baton.journal.FleetJournal;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One system a worker claimed: plans it, or rebuilds the run it takes over, runs it under the
 * claim's lease kept alive in the background, and tells the fleet how it ended. A worker that lost
 * the lease on the way tells the fleet nothing: the system is someone else's now.
 */
final class ClaimedSystem {

  /** How a claim ended for this worker. */
  sealed interface Ending {
    String system();

    String sentence();

    /** The run ended and the fleet knows how. */
    record Finished(String system, SystemState state, String sentence) implements Ending {}

    /** The lease was lost: another worker has the system, or will take it over. */
    record Lost(String system, String sentence) implements Ending {}
  }

  private final Claim claim;
  private final FleetJournal journal;
  private final FenceWatch watch;
  private final Home home;
  private final Worker.Settings settings;

  ClaimedSystem(Claim claim, FleetJournal journal, Home home, Worker.Settings settings) {
    this.claim = claim;
    this.journal = journal;
    this.watch = new FenceWatch(journal);
    this.home = home;
    this.settings = settings;
  }

  Ending run() {
    AtomicBoolean lost = new AtomicBoolean();
    try (KeptLease lease =
        new KeptLease(claim.lease(), settings.leaseTtl(), () -> lost.set(true))) {
      Ending ending = execute(lease);
      // Lost contact means not in control: whatever the run said, only a holder may report it.
      if (watch.refusal().isPresent() || lost.get() || !lease.renew()) {
        return lostLease();
      }
      if (ending instanceof Ending.Finished f) {
        journal.fleets().finish(claim, f.state(), f.sentence());
      }
      return ending;
    } catch (FencedOffException e) {
      return new Ending.Lost(claim.system(), e.getMessage());
    }
  }

  /** The refusal of this worker's first write after another took over, or why it stepped back. */
  private Ending lostLease() {
    return new Ending.Lost(
        claim.system(),
        watch
            .refusal()
            .map(FencedOffException::getMessage)
            .orElse(
                "lost the lease on "
                    + claim.system()
                    + "; the worker that takes it over reports how its run ends"));
  }

  private Ending execute(KeptLease lease) {
    Optional<RunRecord> ended = endedRun();
    if (ended.isPresent()) {
      RunRecord r = ended.get();
      return ended(
          new RunResult(
              r.runId(),
              r.status(),
              "run " + r.runId() + " had ended " + r.status().label() + " before its worker left"));
    }
    try {
      LoadedTopology lt = TopologyLoader.parse(claim.topologyText(), claim.topologySource());
      Topology t = lt.topology();
      try (Driver driver = Drivers.forTopology(t, home)) {
        Engine engine =
            new Engine(driver, watch, attaching(), Secrets.redactorFor(t), Clock.systemUTC());
        return ended(runOrResume(engine, driver, lt, lease));
      }
    } catch (FencedOffException e) {
      throw e;
    } catch (BadInputException e) {
      return failed("its topology does not load: " + e.getMessage());
    } catch (UsageException e) {
      return failed(e.getMessage());
    } catch (Exception e) {
      return failed("the run crashed: " + e);
    }
  }

  private RunResult runOrResume(Engine engine, Driver driver, LoadedTopology lt, KeptLease lease)
      throws Exception {
    Topology t = lt.topology();
    EngineOptions options =
        new EngineOptions(
            claim.yes(), Map.of(), settings.leaseTtl(), settings.verifyTimeout(), settings.name());
    Optional<RunRecord> left = unfinishedRun();
    if (left.isPresent()) {
      // Rebuilt from the journaled topology without observing first, as resume does.
      Plan plan = Session.plan(Session.strategy(claim.strategy()), lt, Facts.empty(), goal());
      if (!plan.fingerprint().equals(left.get().planFingerprint())) {
        throw new UsageException(
            "the plan rebuilt for run "
                + left.get().runId()
                + " differs from the one it started with; not continuing it");
      }
      return engine.resumeHolding(lease, left.get().runId(), t, plan, options);
    }
    Facts facts = Session.observeOrWarn(driver, t);
    Plan plan = Session.plan(Session.strategy(claim.strategy()), lt, facts, goal());
    RunRecord template =
        RunRecord.starting(
            plan.system(),
            plan.strategy(),
            claim.targetVersion(),
            plan.goal().options(),
            lt.source(),
            lt.text(),
            plan.fingerprint());
    return engine.startHolding(lease, t, plan, template, options);
  }

  /** The run a worker that lost this system left, if it ended before the worker could say so. */
  private Optional<RunRecord> endedRun() {
    if (claim.runId() == null) {
      return Optional.empty();
    }
    return journal
        .run(claim.runId())
        .filter(r -> r.status() != RunStatus.RUNNING && r.status() != RunStatus.HALTED);
  }

  /** The run a worker that lost this system left, if it did not end. */
  private Optional<RunRecord> unfinishedRun() {
    if (claim.runId() == null) {
      return Optional.empty();
    }
    return journal
        .run(claim.runId())
        .filter(r -> r.status() == RunStatus.RUNNING || r.status() == RunStatus.HALTED);
  }

  private Goal goal() throws UsageException {
    String to = claim.targetVersion();
    try {
      return new Goal(to == null || to.isEmpty() ? null : Version.parse(to), claim.options());
    } catch (IllegalArgumentException e) {
      throw new UsageException("to: " + e.getMessage());
    }
  }

  /** Tells the fleet which run it started, before the run's first step; refused once fenced off. */
  private EngineListener attaching() {
    return new EngineListener() {
      @Override
      public void runStarted(String runId, Plan plan, boolean resumed) {
        watch.watched(
            () -> {
              journal.fleets().attach(claim, runId);
              return null;
            });
      }
    };
  }

  private Ending ended(RunResult r) {
    SystemState state =
        switch (r.status()) {
          case DONE, ABORTED -> SystemState.DONE;
          case FAILED -> SystemState.FAILED;
          case HALTED, RUNNING -> SystemState.HALTED;
        };
    return new Ending.Finished(claim.system(), state, r.sentence());
  }

  private Ending failed(String sentence) {
    return new Ending.Finished(claim.system(), SystemState.FAILED, sentence);
  }
}
