package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.guard.LogicalGuardrail;
import dev.baton.guard.LogicalGuardrail.Kind;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retires the old pair after a major upgrade (ADR 0040): the old primary stops following the new
 * one (its subscription and the slot on the new primary are dropped, so the new primary keeps no
 * WAL for it), then both old servers stop. This ends the way back: it is the plan's point of no
 * return.
 */
public final class MajorRetireStrategy implements Strategy {

  @Override
  public String name() {
    return "major-retire";
  }

  @Override
  public String summary() {
    return "after a major upgrade: stop following the new primary and stop the old pair";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text(
            "target", "the new-major primary the old pair follows (default: the one declared)"),
        StrategyOption.text("old", "the old primary that follows it (default: the one that does)"));
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    RoleModel m = TakeoverStrategy.roleModel(t);
    MajorRollbackStrategy.Ends e =
        MajorRollbackStrategy.Ends.of(
            t, facts, m, goal.options().get("target"), goal.options().get("old"));
    String group = e.copy().properties().get("upgradeOf");
    List<Component> old = t.roleGroup(group);
    if (old.stream().allMatch(c -> facts.service(c.name()).orElse(null) == ServiceState.STOPPED)) {
      throw new GoalAlreadyMet("already done: every member of " + group + " is stopped");
    }
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.builder(
                "unsubscribe-" + e.old().name(),
                e.old().name() + " stops following " + e.copy().name() + ": the way back ends here",
                Action.idempotent(
                    Verb.LOGICAL_UNSUBSCRIBE, e.old().name(), Map.of("from", e.copy().name())))
            .guards(new LogicalGuardrail(Kind.CLIENTS_MOVED, e.old().name(), e.copy().name()))
            .pointOfNoReturn()
            .source(LogicalCutover.SOURCE)
            .build());
    List<Component> order = new ArrayList<>(old);
    order.remove(e.old());
    order.add(e.old());
    for (Component c : order) {
      Condition stopped = new Condition.ServiceIs(c.name(), ServiceState.STOPPED);
      steps.add(
          Step.builder(
                  "stop-" + c.name(),
                  "Stop " + c.name() + " of the old major",
                  Action.idempotent(Verb.STOP, c.name(), Map.of()))
              .goal(stopped)
              .guards(new LogicalGuardrail(Kind.CLIENTS_MOVED, e.old().name(), e.copy().name()))
              .verify(stopped)
              .source(LogicalCutover.SOURCE)
              .build());
    }
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("target", e.copy().name());
    options.put("old", e.old().name());
    return new Plan(
        t.system(),
        name(),
        new Goal(goal.targetVersion(), options),
        List.of(new Phase("retire", steps)),
        List.of(
            "after this, "
                + e.old().name()
                + " no longer has what is written on "
                + e.copy().name()));
  }
}
