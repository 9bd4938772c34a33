package dev.baton.engine;

import dev.baton.facts.Facts;
import dev.baton.invariant.Invariants;
import dev.baton.model.Topology;
import dev.baton.plan.Outline;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.roles.RoleModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Executes plans: takes the system's lease, runs each step through {@link StepRunner}, halts on the
 * first step that does not complete, and journals everything. The engine knows no product.
 */
public final class Engine {

  /** The run-started record's data key holding what the plan does ({@link Outline}). */
  public static final String OUTLINE = "outline";

  private final Driver driver;
  private final Journal journal;
  private final EngineListener listener;
  private final Redactor redactor;
  private final Clock clock;

  public Engine(
      Driver driver, Journal journal, EngineListener listener, Redactor redactor, Clock clock) {
    this.driver = driver;
    this.journal = journal;
    this.listener = listener;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** Starts a new run of the plan; {@code template} carries what resume needs to rebuild it. */
  public RunResult start(Topology t, Plan plan, RunRecord template, EngineOptions o) {
    checkPlan(plan);
    Optional<RunResult> refused = refuseUnsupported(null, t, plan);
    if (refused.isPresent()) {
      return refused.get();
    }
    return underLease(t, null, o, lease -> begin(lease, t, plan, template, o));
  }

  /**
   * Starts a new run under a lease the caller already holds and keeps alive (a watcher holds its
   * system's lease for as long as it watches, and fails over under it). The lease stays the
   * caller's: the run does not release it.
   */
  public RunResult startHolding(
      Lease held, Topology t, Plan plan, RunRecord template, EngineOptions o) {
    checkPlan(plan);
    if (!held.system().equals(t.system())) {
      throw new IllegalArgumentException(
          "the lease is on " + held.system() + ", the plan on " + t.system());
    }
    Optional<RunResult> refused = refuseUnsupported(null, t, plan);
    if (refused.isPresent()) {
      return refused.get();
    }
    return fenced(null, () -> begin(held, t, plan, template, o));
  }

  /**
   * Continues a run under a lease the caller already holds and keeps alive: a fleet worker that
   * took over a system from one that died resumes its run from the journal under its own lease.
   */
  public RunResult resumeHolding(Lease held, String runId, Topology t, Plan plan, EngineOptions o) {
    checkPlan(plan);
    if (!held.system().equals(t.system())) {
      throw new IllegalArgumentException(
          "the lease is on " + held.system() + ", the plan on " + t.system());
    }
    Optional<RunResult> refused = refuseUnsupported(runId, t, plan);
    if (refused.isPresent()) {
      return refused.get();
    }
    RunHistory history = RunHistory.of(journal.events(runId));
    return fenced(runId, () -> continueRun(held, runId, t, plan, history, o));
  }

  private RunResult begin(Lease lease, Topology t, Plan plan, RunRecord template, EngineOptions o) {
    // Every write of the run carries the lease's epoch; a newer holder makes the journal refuse it.
    Journal journal = this.journal.fencedBy(lease);
    Preflight.Verdict verdict = Preflight.check(t, plan, firstSight(t, plan), o.overrides());
    if (!(verdict instanceof Preflight.Verdict.Go go)) {
      RunStatus status =
          verdict instanceof Preflight.Verdict.AlreadyDone ? RunStatus.DONE : RunStatus.HALTED;
      String sentence = redactor.redact(verdict.sentence());
      listener.runEnded(null, status, sentence);
      return new RunResult(null, status, sentence);
    }
    RunRecord run = journal.createRun(template);
    RunContext ctx = context(journal, run.runId(), t, plan, lease, RunHistory.of(List.of()), o);
    go.overridden()
        .ifPresent(
            refusal ->
                ctx.record(
                    "",
                    EventType.OVERRIDE,
                    null,
                    "",
                    Map.of(
                        "guard",
                        Preflight.DOWNGRADE,
                        "reason",
                        o.overrides().get(Preflight.DOWNGRADE),
                        "by",
                        o.operator(),
                        "refusal",
                        refusal)));
    ctx.record(
        "",
        EventType.RUN_STARTED,
        null,
        "",
        Map.of(
            "strategy",
            plan.strategy(),
            "fingerprint",
            plan.fingerprint(),
            "operator",
            o.operator(),
            OUTLINE,
            Outline.of(plan).toJson()));
    listener.runStarted(run.runId(), plan, false);
    return execute(ctx);
  }

  /**
   * The system as it is before step 1, for the preflight; when it cannot be observed the preflight
   * works from the declared versions and step 1 reports the failure as usual.
   */
  private Facts firstSight(Topology t, Plan plan) {
    // Only installs are checked: a failover must not wait on observing a dead primary first.
    if (plan.steps().stream().noneMatch(s -> s.action().verb() == dev.baton.plan.Verb.INSTALL)) {
      return Facts.empty();
    }
    String[] installed =
        plan.steps().stream()
            .filter(s -> s.action().verb() == dev.baton.plan.Verb.INSTALL)
            .map(s -> s.action().target())
            .distinct()
            .toArray(String[]::new);
    try {
      // Only what the plan installs: a large system is not read whole before step 1.
      return driver.observe(t, Scope.around(TopologyIndex.of(t), installed), List.of());
    } catch (DriverException | RuntimeException e) {
      return Facts.empty();
    }
  }

  /** Continues a run from its journal, re-observing every step instead of trusting memory. */
  public RunResult resume(String runId, Topology t, Plan plan, EngineOptions o) {
    checkPlan(plan);
    Optional<RunResult> refused = refuseUnsupported(runId, t, plan);
    if (refused.isPresent()) {
      return refused.get();
    }
    RunHistory history = RunHistory.of(journal.events(runId));
    return underLease(t, runId, o, lease -> continueRun(lease, runId, t, plan, history, o));
  }

  private RunResult continueRun(
      Lease lease, String runId, Topology t, Plan plan, RunHistory history, EngineOptions o) {
    Journal journal = this.journal.fencedBy(lease);
    journal.setStatus(runId, RunStatus.RUNNING);
    RunContext ctx = context(journal, runId, t, plan, lease, history, o);
    ctx.record("", EventType.RESUMED, null, "", Map.of("operator", o.operator()));
    listener.runStarted(runId, plan, true);
    return execute(ctx);
  }

  /** Runs the undos of completed steps, newest first, back to the last point of no return. */
  public RunResult abort(String runId, Topology t, Plan plan, EngineOptions o) {
    RunHistory history = RunHistory.of(journal.events(runId));
    return underLease(
        t,
        runId,
        o,
        lease ->
            new Undo(context(journal.fencedBy(lease), runId, t, plan, lease, history, o)).run());
  }

  /**
   * Runs {@code work} while holding the system's lease, kept alive in the background; a lease held
   * by another live run refuses at once, before anything is sent.
   */
  private RunResult underLease(
      Topology t,
      String runId,
      EngineOptions o,
      java.util.function.Function<Lease, RunResult> work) {
    Lease lease;
    try {
      lease =
          Leases.keep(
              journal,
              t.system(),
              Leases.Holder.RUN,
              o.leaseTtl(),
              () -> listener.leaseLost(t.system()));
    } catch (LeaseRefusedException e) {
      listener.leaseRefused(t.system(), redactor.redact(e.getMessage()));
      return new RunResult(runId, RunStatus.HALTED, "refused: " + e.getMessage());
    }
    listener.leaseTaken(t.system());
    try (lease) {
      return fenced(runId, () -> work.apply(lease));
    } finally {
      listener.leaseReleased(t.system());
    }
  }

  /**
   * Runs {@code work}; a write the journal refused because a newer epoch took the system over halts
   * the run with the refusal's sentence, and nothing more is sent or written.
   */
  private RunResult fenced(String runId, java.util.function.Supplier<RunResult> work) {
    try {
      return work.get();
    } catch (FencedOffException e) {
      String sentence = redactor.redact(e.getMessage());
      listener.runEnded(runId, RunStatus.HALTED, sentence);
      return new RunResult(runId, RunStatus.HALTED, sentence);
    }
  }

  private RunContext context(
      Journal journal,
      String runId,
      Topology t,
      Plan plan,
      Lease lease,
      RunHistory history,
      EngineOptions o) {
    RoleModel model = RoleModel.named(t.roleModel()).orElse(RoleModel.ACTIVE_STANDBY);
    return new RunContext(
        runId,
        t,
        plan,
        Invariants.standard(model),
        driver,
        journal,
        lease,
        history,
        o,
        listener,
        redactor,
        clock);
  }

  private RunResult execute(RunContext ctx) {
    StepRunner runner = new StepRunner(ctx);
    HoldWindows holds = new HoldWindows(ctx, runner);
    for (Phase phase : ctx.plan().phases()) {
      for (List<Step> batch : batches(phase)) {
        Decision stop =
            holds.beforeBatch().orElseGet(() -> holds.afterStop(runBatch(ctx, runner, batch)));
        if (stop != null) {
          return finish(ctx, statusFor(stop), stop.sentence());
        }
      }
    }
    return finish(
        ctx,
        RunStatus.DONE,
        "all "
            + ctx.plan().phaseSteps().size()
            + " steps of "
            + ctx.plan().strategy()
            + " are done");
  }

  /** Runs one step, or one parallel group; returns the first decision that stops the run. */
  private Decision runBatch(RunContext ctx, StepRunner runner, List<Step> batch) {
    List<Step> todo = batch.stream().filter(s -> !ctx.history().completed(s.id())).toList();
    if (todo.isEmpty()) {
      return null;
    }
    List<Decision> decisions = new ArrayList<>();
    if (todo.size() == 1) {
      decisions.add(runner.run(todo.get(0)));
    } else {
      decisions.addAll(runParallel(runner, todo, batch.get(0).maxParallel()));
    }
    return decisions.stream().filter(d -> !d.kind().completes()).findFirst().orElse(null);
  }

  private static List<Decision> runParallel(StepRunner runner, List<Step> steps, int max) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(max, steps.size())));
    try {
      List<Future<Decision>> futures = new ArrayList<>();
      for (Step s : steps) {
        futures.add(pool.submit(() -> runner.run(s)));
      }
      List<Decision> out = new ArrayList<>();
      for (Future<Decision> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof FencedOffException fenced) {
        throw fenced;
      }
      throw new IllegalStateException("a parallel step crashed: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("a parallel step crashed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Consecutive steps of one parallel group form a batch; every other step is its own. */
  static List<List<Step>> batches(Phase phase) {
    List<List<Step>> out = new ArrayList<>();
    for (Step s : phase.steps()) {
      List<Step> last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null
          && s.parallelGroup() != null
          && s.parallelGroup().equals(last.get(0).parallelGroup())) {
        last.add(s);
      } else {
        out.add(new ArrayList<>(List.of(s)));
      }
    }
    return out;
  }

  private static RunStatus statusFor(Decision d) {
    return switch (d.kind()) {
      case FAILED -> RunStatus.FAILED;
      case REFUSED, WAITING -> RunStatus.HALTED;
      case DONE, ALREADY, UNDONE -> RunStatus.DONE;
    };
  }

  private RunResult finish(RunContext ctx, RunStatus status, String sentence) {
    String safe = redactor.redact(sentence);
    EventType type = status == RunStatus.DONE ? EventType.RUN_ENDED : EventType.HALTED;
    ctx.record("", type, null, "", Map.of("status", status.label(), "sentence", safe));
    ctx.journal().setStatus(ctx.runId(), status);
    listener.runEnded(ctx.runId(), status, safe);
    return new RunResult(ctx.runId(), status, safe);
  }

  /**
   * Refuses, before anything is sent, a plan with a step (or the undo of one) that the driver
   * cannot carry out: finding out at step 12 would leave the system half changed.
   */
  private Optional<RunResult> refuseUnsupported(String runId, Topology t, Plan plan) {
    Optional<String> why = unsupported(driver, t, plan);
    if (why.isEmpty()) {
      return Optional.empty();
    }
    String sentence = "refused: " + redactor.redact(why.get());
    listener.runEnded(runId, RunStatus.HALTED, sentence);
    return Optional.of(new RunResult(runId, RunStatus.HALTED, sentence));
  }

  /** The first step of {@code plan} whose action or undo {@code driver} cannot carry out. */
  public static Optional<String> unsupported(Driver driver, Topology t, Plan plan) {
    return UnsupportedSteps.first(driver, t, plan);
  }

  /** Rejects a plan the engine cannot run safely: duplicate step ids. */
  static void checkPlan(Plan plan) {
    Set<String> ids = new HashSet<>();
    for (Step s : plan.steps()) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("plan has two steps with id " + s.id());
      }
    }
  }
}
