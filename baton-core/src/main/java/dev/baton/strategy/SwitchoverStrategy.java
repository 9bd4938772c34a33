package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.guard.SameMajor;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A planned switchover of a primary/standby pair with fencing: the standby becomes the primary, the
 * old primary its standby, and the entry points follow. No version changes.
 */
public final class SwitchoverStrategy implements Strategy {

  @Override
  public String name() {
    return "switchover";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        new StrategyOption(
            "maxLagBytes",
            "most replication lag the switchover accepts (default 1048576)",
            StrategyOption.Values.BYTES),
        StrategyOption.text("active", "the member that is active now, when the facts cannot tell"));
  }

  @Override
  public String summary() {
    return "planned role change: fence the primary, promote the synced standby, rejoin, redirect";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    RoleModel m = TakeoverStrategy.roleModel(t);
    Pair p = Pair.find(t, facts, m, goal.options().get("active"));
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("active", p.active().name());
    long maxLag = Long.parseLong(options.getOrDefault("maxLagBytes", "1048576"));
    List<Step> preflight = new ArrayList<>();
    preflight.add(
        Step.builder(
                "preflight",
                "Check the pair is ready for a switchover",
                Action.check(p.standby().name()))
            .guards(new SameMajor(p.active().name(), p.standby().name()))
            .source("DESIGN switchover")
            .build());
    List<Step> switchover =
        SwitchoverSteps.of(
            t,
            m,
            p.active(),
            p.standby(),
            p.link().key(),
            maxLag,
            "",
            "DESIGN switchover (seed 004 rules: synced, never two actives)");
    return new Plan(
        t.system(),
        name(),
        new Goal(goal.targetVersion(), options),
        List.of(new Phase("preflight", preflight), new Phase("switch over", switchover)),
        List.of(
            p.standby().name()
                + " becomes the primary; "
                + p.active().name()
                + " is fenced before the promote and rejoins as its standby"));
  }
}
