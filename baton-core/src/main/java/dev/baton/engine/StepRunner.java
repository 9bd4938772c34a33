package dev.baton.engine;

import dev.baton.facts.Facts;
import dev.baton.invariant.Invariant;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one step through its stages: observe, goal check, guards and invariants on fresh facts,
 * gate, journal intent, act, observe, verify, journal outcome. Every exit is a {@link Decision}.
 * Each step observes its own {@link Scope}, not the whole system, so that a step costs the same in
 * a large system as in a small one (ADR 0025). A step that follows another's verification with no
 * action started since acts on the facts that verification read, when they let it act without a
 * refusal or an override; anything else is decided on facts read afresh (ADR 0037).
 */
final class StepRunner {

  /** How old the last observation may be for the next step to act on it. */
  static final Duration RECENT = Duration.ofSeconds(1);

  private final RunContext run;
  private final TopologyIndex index;
  private final AtomicLong actionsStarted = new AtomicLong();
  private final AtomicInteger acting = new AtomicInteger();
  private final AtomicReference<Sighting> latest = new AtomicReference<>();

  StepRunner(RunContext run) {
    this.run = run;
    this.index = TopologyIndex.of(run.topology());
  }

  /** Facts of a scope, and the scope they cover (widened to where its entry points point). */
  private record Observation(Scope scope, Facts facts) {}

  /**
   * An observation read while no action ran, how many actions had started before it began, and when
   * it began.
   */
  private record Sighting(Observation seen, long actionsBefore, long startedNanos) {}

  Decision run(Step step) {
    Instant started = run.clock().instant();
    run.listener().stepStarted(step);
    Decision d;
    try {
      d = decide(step);
    } catch (DriverException e) {
      d = Decision.failed("could not observe the system: " + e.getMessage());
      run.record(step.id(), EventType.OUTCOME, d, e.evidence(), Map.of());
    }
    // Listeners print and stream the sentence, so it leaves the engine redacted like the journal.
    Decision shown = new Decision(d.kind(), run.redactor().redact(d.sentence()));
    run.listener().stepDecided(step, shown, Duration.between(started, run.clock().instant()));
    return d;
  }

  private Decision decide(Step step) throws DriverException {
    if (!run.lease().isHeld()) {
      return halt(
          step,
          Decision.refused(
              "lost the lease on " + run.topology().system() + "; stopped issuing actions"));
    }
    String key = run.actionKey(step);
    Scope own = Scope.of(index, step);
    Observation seen = sinceLastAction(own).filter(o -> clearToAct(step, o)).orElse(null);
    if (seen == null) {
      seen = observe(own, List.of(key));
    }
    Scope scope = seen.scope();
    Facts facts = seen.facts();
    if (step.goal().holds(facts)) {
      return outcome(step, Decision.already(step.goal().describe() + " already holds"), "", 0);
    }
    if (run.history().hasPendingIntent(step.id())) {
      Optional<Decision> settled = settleInterrupted(step, scope, facts, key);
      if (settled.isPresent()) {
        return settled.get();
      }
    }
    Optional<Decision> refused =
        checkGuards(step, facts).or(() -> checkInvariants(step, scope, facts));
    if (refused.isPresent()) {
      return halt(step, refused.get());
    }
    Optional<Decision> waiting = checkGate(step);
    if (waiting.isPresent()) {
      return waiting.get();
    }
    return act(step, scope, key);
  }

  /**
   * Observes {@code scope}, and once more with the components its entry points were seen pointing
   * at when one points outside it: a rule about an entry point must see where it points now.
   */
  private Observation observe(Scope scope, List<String> keys) throws DriverException {
    long actionsBefore = actionsStarted.get();
    boolean quiet = acting.get() == 0;
    long t0 = System.nanoTime();
    Facts facts = run.observe(scope, keys);
    Scope wider = scope.withTargetsOf(facts, index);
    Observation seen =
        wider == scope
            ? new Observation(scope, facts)
            : new Observation(wider, run.observe(wider, keys));
    if (quiet && acting.get() == 0 && actionsStarted.get() == actionsBefore) {
      latest.set(new Sighting(seen, actionsBefore, t0));
    }
    return seen;
  }

  /**
   * The last observation, for a step of {@code scope}, when no action started since it began, it
   * covers the scope (widened to where its entry points were seen pointing) and it is {@link
   * #RECENT}: typically the verification of the step before, read after its action. Reading the
   * same servers again a few milliseconds later, with nothing done in between, would only make a
   * pooler's clients wait longer.
   */
  private Optional<Observation> sinceLastAction(Scope scope) {
    Sighting s = latest.get();
    if (s == null
        || acting.get() != 0
        || actionsStarted.get() != s.actionsBefore()
        || System.nanoTime() - s.startedNanos() > RECENT.toNanos()) {
      return Optional.empty();
    }
    Facts facts = s.seen().facts();
    Scope wider = scope.withTargetsOf(facts, index);
    return s.seen().scope().covers(wider)
        ? Optional.of(new Observation(wider, facts))
        : Optional.empty();
  }

  /**
   * Whether {@code seen} lets the step act with nothing else to decide: its goal does not hold, it
   * has no intent to settle from a previous process, and no guard or invariant refuses (so no
   * override is used). Any other decision is taken on facts read afresh.
   */
  private boolean clearToAct(Step step, Observation seen) {
    Facts facts = seen.facts();
    return !step.goal().holds(facts)
        && !run.history().hasPendingIntent(step.id())
        && step.guards().stream().allMatch(g -> g.refusal(run.topology(), facts).isEmpty())
        && checkInvariants(step, seen.scope(), facts).isEmpty();
  }

  /**
   * A previous process journaled the intent but no outcome. If the driver can tell the action took
   * effect, verify it; if it can tell it did not, act normally; if it cannot tell, repeat only an
   * idempotent action.
   */
  private Optional<Decision> settleInterrupted(Step step, Scope scope, Facts facts, String key)
      throws DriverException {
    Optional<Boolean> applied = facts.applied(key);
    if (applied.orElse(false)) {
      return Optional.of(
          verify(
              step, scope, new ActionResult("applied before Baton stopped; verified now", ""), 0));
    }
    if (applied.isEmpty() && !run.driver().safeToRepeat(step.action())) {
      return Optional.of(
          halt(
              step,
              Decision.refused(
                  "the outcome of "
                      + step.action()
                      + " from before Baton stopped cannot be observed;"
                      + " not repeating a non-idempotent action ("
                      + step.goal().unmet(facts).orElse("")
                      + ")")));
    }
    return Optional.empty();
  }

  private Optional<Decision> checkGuards(Step step, Facts facts) {
    for (Guard g : step.guards()) {
      Optional<String> refusal = g.refusal(run.topology(), facts);
      if (refusal.isEmpty()) {
        continue;
      }
      String reason = run.options().overrides().get(g.name());
      if (reason == null) {
        return Optional.of(Decision.refused(refusal.get()));
      }
      run.record(
          step.id(),
          EventType.OVERRIDE,
          null,
          "",
          Map.of(
              "guard",
              g.name(),
              "reason",
              reason,
              "by",
              run.options().operator(),
              "refusal",
              refusal.get()));
    }
    return Optional.empty();
  }

  /** The invariants over the step's scope, whose role and exclusive groups are whole. */
  private Optional<Decision> checkInvariants(Step step, Scope scope, Facts facts) {
    Topology within = scope.within(run.topology());
    for (Invariant inv : run.invariants()) {
      Optional<String> v = inv.violation(within, facts, step);
      if (v.isPresent()) {
        return Optional.of(Decision.refused(v.get()));
      }
    }
    return Optional.empty();
  }

  private Optional<Decision> checkGate(Step step) {
    if (step.gate() == null) {
      return Optional.empty();
    }
    int needed = step.gate().kind().approvals();
    if (run.history().approvals(step.id()) >= needed) {
      return Optional.empty();
    }
    if (run.options().yes() && needed == 1) {
      run.record(step.id(), EventType.APPROVED, null, "", Map.of("by", "--yes"));
      return Optional.empty();
    }
    Decision d =
        Decision.waiting(
            "waiting for approval: "
                + step.gate().text()
                + " ("
                + run.history().approvals(step.id())
                + " of "
                + needed
                + " approvals)");
    run.record(step.id(), EventType.GATE_WAITING, d, "", Map.of());
    return Optional.of(d);
  }

  private Decision act(Step step, Scope scope, String key) throws DriverException {
    if (!run.lease().isHeld()) {
      return halt(
          step,
          Decision.refused(
              "lost the lease on " + run.topology().system() + "; stopped issuing actions"));
    }
    run.record(
        step.id(),
        EventType.INTENT,
        null,
        "",
        Map.of("action", step.action().toString(), "key", key));
    // Again after the intent: a process frozen (SIGSTOP, a paused VM) while it wrote the intent
    // wakes with a lease gone stale, and another holder may be resuming this very step.
    if (!run.lease().isHeld()) {
      return halt(
          step,
          Decision.refused(
              "lost the lease on " + run.topology().system() + "; stopped issuing actions"));
    }
    long t0 = System.nanoTime();
    ActionResult result;
    acting.incrementAndGet();
    actionsStarted.incrementAndGet();
    try {
      result = run.driver().act(run.topology(), step.action(), key);
    } catch (OutcomeUnknownException e) {
      Decision d =
          Decision.refused(e.getMessage() + "; halted, and resume re-observes before acting");
      return outcome(step, d, e.evidence(), elapsedMs(t0));
    } catch (DriverException e) {
      Decision d = Decision.failed(step.action() + " failed: " + e.getMessage());
      return outcome(step, d, e.evidence(), elapsedMs(t0));
    } finally {
      acting.decrementAndGet();
    }
    return verify(step, scope, result, elapsedMs(t0));
  }

  /** Polls facts until the goal and verification hold, within the verify timeout. */
  private Decision verify(Step step, Scope scope, ActionResult result, long actMs)
      throws DriverException {
    String evidence = result.evidence();
    Instant deadline = run.clock().instant().plus(run.options().verifyTimeout());
    long pause = 10;
    while (true) {
      Observation seen = observe(scope, List.of());
      Facts facts = seen.facts();
      Optional<String> unmet = unmet(step, facts);
      if (unmet.isEmpty()) {
        Optional<Decision> broken = brokenAfter(step, seen.scope(), facts);
        if (broken.isPresent()) {
          outcome(step, broken.get(), evidence, actMs, result.data());
          return broken.get();
        }
        return outcome(step, Decision.done(result.summary()), evidence, actMs, result.data());
      }
      if (run.clock().instant().isAfter(deadline)) {
        return outcome(
            step,
            Decision.failed("verification failed: " + unmet.get()),
            evidence,
            actMs,
            result.data());
      }
      Pause.of(pause);
      pause = Math.min(pause * 2, 500);
    }
  }

  private static Optional<String> unmet(Step step, Facts facts) {
    Optional<String> goal =
        step.goal() instanceof dev.baton.plan.Condition.Never
            ? Optional.empty()
            : step.goal().unmet(facts);
    return goal.or(() -> step.verify().unmet(facts));
  }

  /** State invariants after the step: a breach halts the run so a human looks first. */
  private Optional<Decision> brokenAfter(Step step, Scope scope, Facts facts) {
    Topology within = scope.within(run.topology());
    for (Invariant inv : run.invariants()) {
      Optional<String> v = inv.violation(within, facts, null);
      if (v.isPresent()) {
        return Optional.of(Decision.refused("after " + step.id() + ": " + v.get()));
      }
    }
    return Optional.empty();
  }

  private Decision halt(Step step, Decision d) {
    return outcome(step, d, "", 0);
  }

  private Decision outcome(Step step, Decision d, String evidence, long actMs) {
    return outcome(step, d, evidence, actMs, Map.of());
  }

  /** Journals the outcome with what the action reported as data, beside the engine's timing. */
  private Decision outcome(
      Step step, Decision d, String evidence, long actMs, Map<String, String> data) {
    Map<String, String> all = new java.util.LinkedHashMap<>(data);
    all.put(ResultKey.ACTION_MS.name(), Long.toString(actMs));
    run.record(step.id(), EventType.OUTCOME, d, evidence, all);
    return d;
  }

  private static long elapsedMs(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
