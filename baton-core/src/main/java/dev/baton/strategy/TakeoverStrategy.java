package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Gate;
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
 * Upgrades an active/standby pair while one member always serves (seed 001): the standby takes
 * over, the old active is upgraded, takes back over and is validated while the other is shut down,
 * then the other is upgraded and high availability re-established. Without a standby it falls back
 * to the seed's plain upgrade, an announced outage.
 */
public final class TakeoverStrategy implements Strategy {

  static final String SEED = "seed 001";

  /**
   * Goal option prefix: the ports a server listened on when the run was planned, kept in the goal
   * so that a resumed run checks against the same ports (seed 001: an upgrade keeps them).
   */
  public static final String PORTS = "ports.";

  @Override
  public String name() {
    return "takeover";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text(
            "order", "which member is upgraded first: active-first (seed 001) or standby-first"),
        new StrategyOption(
            "switchBack",
            "with standby-first, take the old primary back at the end",
            StrategyOption.Values.FLAG),
        new StrategyOption(
            "maxLagBytes",
            "most replication lag the takeover accepts (active-first 0, standby-first 1048576)",
            StrategyOption.Values.BYTES),
        StrategyOption.text("active", "the member that is active now, when the facts cannot tell"));
  }

  @Override
  public String summary() {
    return "standby takes over, old active upgraded, takes back, other upgraded, HA rebuilt (seed 001)";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    if (goal.targetVersion() == null) {
      throw new PlanningException("takeover needs a target version (--to)");
    }
    RoleModel model = roleModel(t);
    boolean hasPair = t.roleGroups().stream().anyMatch(g -> t.roleGroup(g).size() == 2);
    if (!hasPair) {
      return withoutStandby(t, goal);
    }
    Pair pair = Pair.find(t, facts, model, goal.options().get("active"));
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("active", pair.active().name());
    for (Component c : List.of(pair.active(), pair.standby())) {
      facts
          .property(Property.PORTS.of(c.name()))
          .ifPresent(p -> options.putIfAbsent(PORTS + c.name(), p));
    }
    String label =
        options.computeIfAbsent(TakeoverOrder.OPTION, k -> TakeoverOrder.defaultFor(model).label());
    Goal resolved = new Goal(goal.targetVersion(), options);
    TakeoverOrder order = TakeoverOrder.named(label);
    return new Plan(
        t.system(),
        name(),
        resolved,
        order.phases(t, model, pair, resolved),
        order.notes(pair, resolved));
  }

  static RoleModel roleModel(Topology t) throws PlanningException {
    return RoleModel.named(t.roleModel())
        .orElseThrow(() -> new PlanningException("unknown role model " + t.roleModel()));
  }

  private Plan withoutStandby(Topology t, Goal goal) {
    Version to = goal.targetVersion();
    List<Step> steps = new ArrayList<>();
    for (Component c : t.components()) {
      steps.add(
          Steps.backup(c, to, SEED + " before you begin (no standby: recovery needs the backup)"));
      Step install = Steps.install(c, to, SEED + " steps 4-7").build();
      steps.add(install);
    }
    Step first = steps.get(0);
    Step gated =
        Step.builder(first.id(), first.title(), first.action())
            .goal(first.goal())
            .verify(first.verify())
            .source(first.source())
            .gate(
                Gate.confirm(
                    "no standby: "
                        + t.system()
                        + " is unavailable until its upgrade finishes (announced outage)"))
            .build();
    steps.set(0, gated);
    return new Plan(
        t.system(),
        name(),
        goal,
        List.of(new Phase("upgrade without a standby", steps)),
        List.of(
            "without a standby there is no disaster recovery during the upgrade, and recovering"
                + " from a failed upgrade is harder: the configuration comes back only from the"
                + " backup"));
  }
}
