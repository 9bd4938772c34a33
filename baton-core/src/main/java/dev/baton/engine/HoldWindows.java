package dev.baton.engine;

import dev.baton.plan.Hold;
import dev.baton.plan.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the promise of each {@link Hold} of a plan: from the hold until its commit step (the
 * promote) is done, a step that does not complete, or the pause budget running out before the next
 * step starts, makes the run roll the hold back (its rollback steps, through the same stages as any
 * step) and halt. A step already running is not cut: cutting a shutdown or a promote halfway would
 * leave the system in a state nobody can name. A commit found done on fresh facts ends the window,
 * whatever the clock says, because the only way from there is forward.
 */
final class HoldWindows {

  private final RunContext ctx;
  private final StepRunner runner;
  private final TopologyIndex index;
  private final Map<String, Instant> heldAt = new HashMap<>();

  HoldWindows(RunContext ctx, StepRunner runner) {
    this.ctx = ctx;
    this.runner = runner;
    this.index = TopologyIndex.of(ctx.topology());
  }

  /**
   * Before the next batch of steps: rolls back an open hold whose budget ran out (or whose rollback
   * a previous process began), and returns the decision the run halts with.
   */
  Optional<Decision> beforeBatch() {
    for (Hold h : ctx.plan().holds()) {
      if (!open(h)) {
        continue;
      }
      if (rollbackBegun(h)) {
        return Optional.of(
            rollBack(h, "the hold on " + h.entryPoint() + " was being rolled back before"));
      }
      Duration held = Duration.between(heldAt(h).orElseThrow(), ctx.clock().instant());
      if (held.compareTo(h.budget()) >= 0 && !committed(h)) {
        return Optional.of(
            rollBack(
                h,
                "the pause budget of "
                    + h.budget().toMillis()
                    + " ms on "
                    + h.entryPoint()
                    + " ran out "
                    + held.toMillis()
                    + " ms after "
                    + h.holdStep()
                    + ", before "
                    + h.commitStep()
                    + " was done"));
      }
    }
    return Optional.empty();
  }

  /**
   * After a step that stops the run ({@code stop}, or null when none did): rolls back every open
   * hold whose commit is not seen done, and returns the decision the run ends with.
   */
  Decision afterStop(Decision stop) {
    if (stop == null) {
      return null;
    }
    Decision out = stop;
    for (Hold h : ctx.plan().holds()) {
      if (open(h) && !committed(h)) {
        out = rollBack(h, out.sentence());
      }
    }
    return out;
  }

  /**
   * The hold began (its action was journaled as intended, or its goal already held) and the commit
   * step is not done: the clients may be waiting for the role change. A hold whose own step failed
   * counts: it may have paused before it failed, and the rollback's steps find nothing to do when
   * it did not.
   */
  private boolean open(Hold h) {
    return !ctx.history().completed(h.commitStep()) && heldAt(h).isPresent();
  }

  private boolean rollbackBegun(Hold h) {
    return h.rollback().stream().anyMatch(s -> ctx.history().outcome(s.id()) != null);
  }

  /**
   * Whether the commit step's goal holds on fresh facts (a promote done before a crash). Facts that
   * cannot be read say no: the rollback's own steps then observe, and halt if they cannot either.
   * Only the commit step's scope is read, as the step itself would (ADR 0025).
   */
  private boolean committed(Hold h) {
    Optional<Step> commit = ctx.plan().step(h.commitStep());
    try {
      return commit.isPresent()
          && commit.get().goal().holds(ctx.observe(Scope.of(index, commit.get()), List.of()));
    } catch (DriverException e) {
      return false;
    }
  }

  /**
   * Runs the rollback steps not done yet, in order, stopping at the first that does not complete.
   */
  private Decision rollBack(Hold h, String cause) {
    List<String> done = new ArrayList<>();
    for (Step s : h.rollback()) {
      if (ctx.history().completed(s.id())) {
        continue;
      }
      Decision d = runner.run(s);
      if (!d.kind().completes()) {
        return Decision.refused(
            cause
                + "; the rollback of the hold on "
                + h.entryPoint()
                + " stopped at "
                + s.id()
                + ": "
                + d.sentence()
                + "; "
                + h.entryPoint()
                + " may still hold its clients");
      }
      done.add(d.sentence());
    }
    return Decision.refused(
        cause
            + "; rolled back the hold on "
            + h.entryPoint()
            + (done.isEmpty() ? " earlier" : ": " + String.join("; ", done))
            + "; start a new run to try again");
  }

  /**
   * When the clients began to wait: the hold step's first intent (just before the pooler was asked
   * to pause), or its outcome when its goal already held; empty while it has not begun. The journal
   * has it, so a resumed run counts from the same moment as the run that held them.
   */
  private Optional<Instant> heldAt(Hold h) {
    String id = h.holdStep();
    Instant known = heldAt.get(id);
    if (known != null) {
      return Optional.of(known);
    }
    if (ctx.history().outcome(id) == null && !ctx.history().hasPendingIntent(id)) {
      return Optional.empty();
    }
    Instant at = null;
    for (JournalEvent e : ctx.journal().events(ctx.runId())) {
      if (id.equals(e.stepId()) && e.type() == EventType.INTENT) {
        at = e.at();
        break;
      }
    }
    if (at == null && ctx.history().completed(id)) {
      at = ctx.clock().instant();
    }
    if (at != null) {
      heldAt.put(id, at);
    }
    return Optional.ofNullable(at);
  }
}
