package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.guard.ForcedActivation;
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
 * Recover active server (seed 004): force one member active without synchronising it, fencing the
 * other first so there are never two actives. Every step carries {@link ForcedActivation}, which
 * refuses with the sentence naming the side that holds the newer data until the operator names the
 * override {@code recover-active} with a reason.
 */
public final class RecoverActiveStrategy implements Strategy {

  private static final String SOURCE = "seed 004 recover active server";

  @Override
  public String name() {
    return "recover-active";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(StrategyOption.text("make", "the node or component to make active"));
  }

  @Override
  public String summary() {
    return "force a member active without synchronising (needs --override recover-active=REASON)";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    String make = goal.options().get("make");
    if (make == null) {
      throw new PlanningException("name the member to make active with --set make=NODE");
    }
    RoleModel m = TakeoverStrategy.roleModel(t);
    Component target = SwitchbackStrategy.memberNamed(t, make);
    Pair p = Pair.find(t, facts, m, target.name());
    Component other = p.standby();
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("make", target.name());
    ForcedActivation forced = new ForcedActivation(target.name(), other.name());
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.builder(
                "compare-data",
                "Compare the data of "
                    + target.name()
                    + " and "
                    + other.name()
                    + " (WAL position, timeline, last checkpoint)",
                Action.check(target.name()))
            .guards(forced)
            .source(SOURCE)
            .build());
    steps.add(
        Step.builder(
                "fence-" + other.name(),
                "Fence " + other.name() + ": stop it and keep it stopped",
                Action.idempotent(Verb.FENCE, other.name(), Map.of()))
            .goal(new Condition.ServiceIs(other.name(), ServiceState.STOPPED))
            .verify(new Condition.ServiceIs(other.name(), ServiceState.STOPPED))
            .guards(forced)
            .source(SOURCE)
            .build());
    steps.add(
        Step.builder(
                "recover-active-" + target.name(),
                "Force " + target.name() + " active without synchronising it",
                Action.once(Verb.RECOVER_ACTIVE, target.name(), Map.of()))
            .goal(new Condition.RoleIs(target.name(), m.activeRole()))
            .verify(new Condition.RoleIs(target.name(), m.activeRole()))
            .guards(forced)
            .pointOfNoReturn()
            .source(SOURCE)
            .build());
    steps.addAll(EntryPointSteps.switchAndVerify(t, other, target, "", SOURCE));
    return new Plan(
        t.system(),
        name(),
        new Goal(goal.targetVersion(), options),
        List.of(new Phase("recover active server", steps)),
        List.of(
            target.name()
                + " becomes active as it is; nothing is synchronised from "
                + other.name(),
            other.name()
                + " is left stopped and fenced; to rejoin it as a standby (discarding what only it"
                + " holds): baton switchback TOPOLOGY --to-node "
                + target.name()));
  }
}
