package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.guard.SameMajor;
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
 * The switchover back to the original primary (seed 004, switchback): the component the topology
 * declares primary, or the one named with {@code to}. Replication is reversed by {@link Reverse}.
 * When the original primary was left fenced, it first rejoins as a standby (the seed's backward
 * scenario: the other side's data wins); when it is already primary and only the old one is left
 * out, only the rejoin is planned. The shape is chosen from the facts and recorded in the goal, so
 * resume rebuilds the same plan.
 */
public final class SwitchbackStrategy implements Strategy {

  private static final String SOURCE = "seed 004 switchback";

  /** What the facts call for. */
  enum Shape {
    SWITCH,
    REJOIN_FIRST,
    REJOIN_ONLY
  }

  @Override
  public String name() {
    return "switchback";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text(
            "to", "the member to make primary again (default: the declared primary)"),
        StrategyOption.text(
            "reverse", "auto rejoins the other as a standby; manual leaves it stopped and fenced"),
        new StrategyOption(
            "maxLagBytes",
            "most replication lag the switchback accepts (default 1048576)",
            StrategyOption.Values.BYTES));
  }

  @Override
  public String summary() {
    return "switch over back to the original primary; reverse=auto rejoins the other, manual fences it";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    RoleModel m = TakeoverStrategy.roleModel(t);
    Component to = original(t, m, goal.options().get("to"));
    Pair p = Pair.find(t, facts, m, null);
    Component from = p.active() == to ? p.standby() : p.active();
    Reverse reverse = Reverse.parse(goal.options().getOrDefault("reverse", "auto"));
    Shape shape = shape(facts, m, to, from, reverse, goal.options().get("shape"));
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("to", to.name());
    options.put("reverse", reverse.label());
    options.put("shape", shape.name().toLowerCase(java.util.Locale.ROOT));
    long maxLag = Long.parseLong(options.getOrDefault("maxLagBytes", "1048576"));
    String link = p.link().key();
    List<Phase> phases = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    if (shape != Shape.SWITCH) {
      phases.add(
          new Phase(
              "reverse replication",
              List.of(
                  rejoin(
                      m,
                      shape == Shape.REJOIN_ONLY ? from : to,
                      shape == Shape.REJOIN_ONLY ? to : from,
                      link))));
    }
    if (shape != Shape.REJOIN_ONLY) {
      phases.add(new Phase("preflight", List.of(preflight(to, from))));
      List<Step> steps = SwitchoverSteps.of(t, m, from, to, link, maxLag, "", SOURCE);
      phases.add(new Phase("switch back", reverse.finish(steps, from, SOURCE)));
      notes.add(
          to.name()
              + " becomes the primary again; "
              + from.name()
              + " is fenced before the promote");
    }
    if (reverse == Reverse.MANUAL && shape != Shape.REJOIN_ONLY) {
      notes.add(
          from.name()
              + " is left stopped and fenced; to rejoin it later as a standby of "
              + to.name()
              + ": baton switchback TOPOLOGY --set reverse=auto");
    } else {
      notes.add(
          from.name()
              + " rejoins as a standby of "
              + to.name()
              + " (pg_rewind only if they were not both online for the switch)");
    }
    return new Plan(t.system(), name(), new Goal(goal.targetVersion(), options), phases, notes);
  }

  /** The declared primary, or the member named. */
  static Component original(Topology t, RoleModel m, String named) throws PlanningException {
    if (named != null) {
      return memberNamed(t, named);
    }
    for (String g : t.roleGroups()) {
      for (Component c : t.roleGroup(g)) {
        if (m.isActive(c.declaredRole())) {
          return c;
        }
      }
    }
    throw new PlanningException(
        "no component is declared " + m.activeRole() + "; name the original one with --to-node");
  }

  /** A role group member by component name, or by the name of the node it runs on. */
  static Component memberNamed(Topology t, String name) throws PlanningException {
    for (Component c : t.components()) {
      if (c.roleGroup() != null
          && !c.roleGroup().isEmpty()
          && (c.name().equals(name) || c.node().equals(name))) {
        return c;
      }
    }
    throw new PlanningException(name + " is neither a member of a role group nor the node of one");
  }

  private static Shape shape(
      Facts facts, RoleModel m, Component to, Component from, Reverse reverse, String recorded)
      throws PlanningException {
    if (recorded != null) {
      return Shape.valueOf(recorded.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
    String toRole = facts.role(to.name()).orElse("");
    String fromRole = facts.role(from.name()).orElse("");
    if (m.isActive(toRole)) {
      if (reverse == Reverse.AUTO && !m.isPassive(fromRole)) {
        return Shape.REJOIN_ONLY;
      }
      throw new PlanningException(
          to.name() + " is already the " + m.activeRole() + "; nothing to switch back");
    }
    if (m.isActive(fromRole) && !m.isPassive(toRole) && facts.role(from.name()).isPresent()) {
      return Shape.REJOIN_FIRST;
    }
    return Shape.SWITCH;
  }

  private static Step preflight(Component to, Component from) {
    return Step.builder(
            "preflight",
            "Check the pair is ready to switch back to " + to.name(),
            Action.check(to.name()))
        .guards(new SameMajor(from.name(), to.name()))
        .source(SOURCE)
        .build();
  }

  private static Step rejoin(RoleModel m, Component standby, Component primary, String link) {
    Condition rejoined =
        Condition.all(
            new Condition.RoleIs(standby.name(), m.passiveRole()),
            new Condition.LinkIs(link, LinkState.SYNCED));
    return Step.builder(
            "rejoin-" + standby.name(),
            "Rejoin "
                + standby.name()
                + " as a standby of "
                + primary.name()
                + " (the backward replication; pg_rewind only if needed)",
            Action.once(Verb.REJOIN, standby.name(), Map.of("primary", primary.name())))
        .goal(rejoined)
        .verify(rejoined)
        .source(SOURCE)
        .build();
  }
}
