package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.guard.LogicalGuardrail;
import dev.baton.guard.LogicalGuardrail.Kind;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The way back from a major upgrade (ADR 0040): the same cutover in reverse, from the new-major
 * primary onto the old primary that followed it by logical replication, with the sequences carried
 * back. The new-major copy then follows the old primary again, fenced, so that the upgrade can cut
 * over once more when the operator is ready.
 */
public final class MajorRollbackStrategy implements Strategy {

  @Override
  public String name() {
    return "major-rollback";
  }

  @Override
  public String summary() {
    return "back from a major upgrade: the cutover in reverse, onto the old primary kept in step";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text(
            "target", "the new-major member to move away from (default: the one declared)"),
        StrategyOption.text(
            "old", "the old primary to move back to (default: the one that follows the target)"));
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    RoleModel m = TakeoverStrategy.roleModel(t);
    Ends e = Ends.of(t, facts, m, goal.options().get("target"), goal.options().get("old"));
    List<EntryPoint> eps = LogicalCutover.entryPoints(t, e.copy(), e.old());
    boolean back =
        !eps.isEmpty()
            && eps.stream()
                .allMatch(ep -> facts.pointsAt(ep.name()).orElse("").equals(e.old().name()));
    if (back
        && facts
            .property(dev.baton.facts.Property.READ_ONLY.of(e.old().name()))
            .orElse("x")
            .isEmpty()) {
      throw new GoalAlreadyMet(
          "already done: the clients reach " + e.old().name() + ", which takes writes");
    }
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("target", e.copy().name());
    options.put("old", e.old().name());
    Phase cutover =
        LogicalCutover.phase(
            t,
            m,
            e.copy(),
            e.old(),
            List.of(new LogicalGuardrail(Kind.FOLLOWS, e.copy().name(), e.old().name())));
    Step drop =
        Step.builder(
                "drop-reverse-subscription-" + e.old().name(),
                "Drop the subscription by which "
                    + e.old().name()
                    + " followed "
                    + e.copy().name()
                    + ", and its slot there",
                Action.idempotent(
                    Verb.LOGICAL_UNSUBSCRIBE, e.old().name(), Map.of("from", e.copy().name())))
            .source(LogicalCutover.SOURCE)
            .build();
    return new Plan(
        t.system(),
        name(),
        new Goal(goal.targetVersion(), options),
        List.of(
            cutover,
            new Phase(
                "after the cutover",
                concat(
                    List.of(drop),
                    EntryPointSteps.settle(
                        LogicalCutover.entryPoints(t, e.copy(), e.old()),
                        e.copy(),
                        e.old(),
                        "",
                        LogicalCutover.SOURCE)))),
        List.of(
            e.old().name()
                + " takes the clients back; "
                + e.copy().name()
                + " stays fenced and follows it, so major-upgrade can cut over again"));
  }

  private static List<Step> concat(List<Step> a, List<Step> b) {
    List<Step> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The new-major copy and the old primary it replaced. */
  record Ends(Component copy, Component old) {
    static Ends of(Topology t, Facts facts, RoleModel m, String named, String oldNamed)
        throws PlanningException {
      List<Component> copies =
          t.components().stream().filter(c -> c.properties().containsKey("upgradeOf")).toList();
      Component copy;
      if (named != null) {
        copy =
            copies.stream()
                .filter(c -> c.name().equals(named))
                .findFirst()
                .orElseThrow(() -> new PlanningException(named + " does not name upgradeOf"));
      } else {
        List<Component> declared =
            copies.stream()
                .filter(c -> c.declaredRole() != null && m.isActive(c.declaredRole()))
                .toList();
        if (declared.size() != 1) {
          throw new PlanningException(
              "name the new-major primary with --set target=NAME: "
                  + declared.size()
                  + " members with upgradeOf are declared "
                  + m.activeRole());
        }
        copy = declared.get(0);
      }
      String group = copy.properties().get("upgradeOf");
      if (oldNamed != null) {
        return new Ends(copy, SwitchbackStrategy.memberNamed(t, oldNamed));
      }
      Optional<Component> follower =
          t.roleGroup(group).stream()
              .filter(c -> facts.role(c.name()).map(m::isActive).orElse(false))
              .filter(
                  c ->
                      List.of(
                              facts
                                  .property(dev.baton.facts.Property.SUBSCRIBED_TO.of(c.name()))
                                  .orElse("")
                                  .split(","))
                          .contains(copy.name()))
              .findFirst();
      Component old =
          follower.isPresent() ? follower.get() : MajorUpgradeStrategy.sourceOf(t, group, facts, m);
      return new Ends(copy, old);
    }
  }
}
