package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.guard.LogicalGuardrail;
import dev.baton.guard.LogicalGuardrail.Kind;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.ReplicationLink;
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
import java.util.Optional;

/**
 * A major-version upgrade by logical replication (ADR 0040): guardrails, a new-major copy of the
 * primary fed by a subscription, then a cutover inside the poolers' pause (fence writes on the old
 * primary, wait until the copy has applied its last commit, carry the sequences over, turn
 * replication around so that the old major stays in step, release the clients onto the copy), then
 * a streaming standby for the new primary. The old pair, kept in step, is the way back until it is
 * retired.
 */
public final class MajorUpgradeStrategy implements Strategy {

  static final String SOURCE = "DESIGN major-upgrade (ADR 0040)";

  @Override
  public String name() {
    return "major-upgrade";
  }

  @Override
  public String summary() {
    return "new-major copy by logical replication, cutover in the pooler's pause, reverse"
        + " replication as the way back";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text(
            "target", "the new-major member to build and cut over to (default: the one declared)"),
        new StrategyOption(
            "maxLagBytes",
            "how far the copy may lag before the cutover begins (default 1048576)",
            StrategyOption.Values.BYTES),
        StrategyOption.text(
            "syncWaitS",
            "how long to wait for the copy to synchronise, in seconds (default 3600)"));
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    RoleModel m = TakeoverStrategy.roleModel(t);
    int major = goal.targetVersion().major();
    Component target = target(t, major, goal.options().get("target"));
    String group = target.properties().get("upgradeOf");
    // Recorded in the goal: a resumed run's plan is rebuilt without facts (ADR 0005, 0027).
    String named = goal.options().get("primary");
    Component primary =
        named != null ? SwitchbackStrategy.memberNamed(t, named) : sourceOf(t, group, facts, m);
    Optional<Component> standby = t.roleGroup(group).stream().filter(c -> c != primary).findFirst();
    boolean raise =
        standby.isPresent()
            && ("raise".equals(goal.options().get("walLevel"))
                || facts
                    .property(Property.WAL_LEVEL.of(primary.name()))
                    .map(v -> !v.equals("logical"))
                    .orElse(false));
    Component source = raise ? standby.get() : primary;
    if (facts.version(source.name()).map(v -> v.major() == major).orElse(false)) {
      throw new GoalAlreadyMet(
          "already done: " + source.name() + ", the primary of " + group + ", runs " + major);
    }
    List<EntryPoint> eps = LogicalCutover.entryPoints(t, source, target);
    if (eps.stream().allMatch(ep -> facts.pointsAt(ep.name()).orElse("").equals(target.name()))
        && !eps.isEmpty()
        && facts.role(target.name()).map(m::isActive).orElse(false)) {
      throw new GoalAlreadyMet(
          "already done: the clients of "
              + source.name()
              + " reach "
              + target.name()
              + ", which runs "
              + major);
    }
    long maxLag = Long.parseLong(goal.options().getOrDefault("maxLagBytes", "1048576"));
    String syncWait = goal.options().getOrDefault("syncWaitS", "3600");
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("target", target.name());
    options.put("primary", primary.name());
    options.put("source", source.name());
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase("guardrails", List.of(preflight(t, primary, target, raise))));
    if (raise) {
      options.put("walLevel", "raise");
      phases.add(WalLevelSteps.phase(t, m, primary, standby.get(), maxLag));
    }
    List<Step> build = new ArrayList<>(build(source, target, maxLag, syncWait));
    build.addAll(standbys(t, m, target));
    phases.add(new Phase("build the copy", build));
    phases.add(LogicalCutover.phase(t, m, source, target));
    phases.add(new Phase("after the cutover", after(t, source, target)));
    List<String> notes = new ArrayList<>();
    notes.add(
        target.name()
            + " is built as a "
            + major
            + " copy of "
            + source.name()
            + " and becomes the primary; "
            + source.name()
            + " then follows it by logical replication");
    notes.add(
        "the way back: until "
            + source.name()
            + " is retired, it has every row written on "
            + target.name()
            + ", and `baton rollback RUN` (strategy major-rollback) runs the cutover in reverse"
            + " with nothing lost; strategy major-retire ends it");
    return new Plan(
        t.system(), name(), new Goal(goal.targetVersion(), options), phases, List.copyOf(notes));
  }

  /** The new-major member: named, or the one of that major that is declared active. */
  static Component target(Topology t, int major, String named) throws PlanningException {
    List<Component> copies =
        t.components().stream()
            .filter(c -> c.properties().containsKey("upgradeOf"))
            .filter(c -> c.version() != null && c.version().major() == major)
            .toList();
    if (named != null) {
      return copies.stream()
          .filter(c -> c.name().equals(named))
          .findFirst()
          .orElseThrow(
              () ->
                  new PlanningException(
                      named + " is not a member of major " + major + " that names upgradeOf"));
    }
    List<Component> declared =
        copies.stream()
            .filter(
                c ->
                    c.declaredRole() != null
                        && RoleModel.named("primary-replica")
                            .map(r -> r.isActive(c.declaredRole()))
                            .orElse(false))
            .toList();
    List<Component> pick = declared.isEmpty() ? copies : declared;
    if (pick.size() != 1) {
      throw new PlanningException(
          pick.isEmpty()
              ? "the topology has no member of major "
                  + major
                  + " with upgradeOf: add the new primary's host, port, dataDir and bin."
                  + major
                  + ".x, with upgradeOf naming the role group it replaces"
              : "several members of major "
                  + major
                  + " could be the new primary; name one with --set target=NAME");
    }
    return pick.get(0);
  }

  static Component sourceOf(Topology t, String group, Facts facts, RoleModel m)
      throws PlanningException {
    List<Component> members = t.roleGroup(group);
    if (members.isEmpty()) {
      throw new PlanningException(
          "upgradeOf names the role group " + group + ", which has no members");
    }
    Optional<Component> observed =
        members.stream()
            .filter(c -> facts.role(c.name()).map(m::isActive).orElse(false))
            .findFirst();
    return observed.orElseGet(
        () ->
            members.stream()
                .filter(c -> c.declaredRole() != null && m.isActive(c.declaredRole()))
                .findFirst()
                .orElse(members.get(0)));
  }

  private static Step preflight(Topology t, Component source, Component target, boolean raise) {
    return Step.builder(
            "preflight",
            "Check that "
                + source.name()
                + " can be copied to "
                + target.name()
                + " by logical replication",
            Action.check(target.name()))
        .guards(
            concat(
                LogicalGuardrail.beforeCopy(source.name(), target.name()).stream()
                    .filter(g -> !raise || g.kind() != Kind.WAL_LEVEL_LOGICAL)
                    .toList(),
                EntryPointSteps.poolerRules(LogicalCutover.entryPoints(t, source, target))))
        .source(SOURCE)
        .build();
  }

  private static List<Step> build(Component source, Component target, long maxLag, String wait) {
    Condition follows =
        new Condition.PropertyIs(Property.SUBSCRIBED_TO.of(target.name()), source.name());
    Condition synced = new Condition.PropertyIs(Property.COPY_STATE.of(target.name()), "synced");
    return List.of(
        Step.builder(
                "copy-" + target.name(),
                "Build "
                    + target.name()
                    + ": a new cluster with the encoding and locale of "
                    + source.name()
                    + ", its roles and schema, and a subscription that copies every table",
                Action.once(Verb.LOGICAL_COPY, target.name(), Map.of("from", source.name())))
            .goal(follows)
            .guards(
                new LogicalGuardrail(Kind.NOT_UPGRADING, source.name(), target.name()),
                new LogicalGuardrail(Kind.WAL_LEVEL_LOGICAL, source.name(), target.name()))
            .verify(follows)
            .source(SOURCE)
            .build(),
        Step.builder(
                "sync-" + target.name(),
                "Wait until "
                    + target.name()
                    + " has every table synchronised and lags less than "
                    + maxLag
                    + " bytes",
                Action.idempotent(
                    Verb.LOGICAL_SYNC,
                    target.name(),
                    Map.of(
                        "from",
                        source.name(),
                        "maxLagBytes",
                        Long.toString(maxLag),
                        "waitS",
                        wait)))
            .goal(synced)
            .verify(synced)
            .source(SOURCE)
            .build());
  }

  private static List<Step> after(Topology t, Component source, Component target) {
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.builder(
                "drop-copy-subscription-" + target.name(),
                "Drop the subscription by which "
                    + target.name()
                    + " followed "
                    + source.name()
                    + ", and its slot there",
                Action.idempotent(
                    Verb.LOGICAL_UNSUBSCRIBE, target.name(), Map.of("from", source.name())))
            .source(SOURCE)
            .build());
    steps.addAll(
        EntryPointSteps.settle(
            LogicalCutover.entryPoints(t, source, target), source, target, "", SOURCE));
    return steps;
  }

  /**
   * A streaming standby of the copy for every other member of its group, built before the cutover:
   * the new major takes the clients already highly available, and a member that does not exist yet
   * is not observed while they are held.
   */
  private static List<Step> standbys(Topology t, RoleModel m, Component target) {
    List<Step> steps = new ArrayList<>();
    String group = target.roleGroup() == null ? "" : target.roleGroup();
    for (Component standby : t.roleGroup(group)) {
      if (standby == target) {
        continue;
      }
      Optional<ReplicationLink> link =
          t.links().stream()
              .filter(
                  l ->
                      (l.from().equals(target.name()) && l.to().equals(standby.name()))
                          || (l.to().equals(target.name()) && l.from().equals(standby.name())))
              .findFirst();
      Condition streams =
          link.<Condition>map(
                  l ->
                      Condition.all(
                          new Condition.RoleIs(standby.name(), m.passiveRole()),
                          new Condition.LinkIs(l.key(), dev.baton.facts.LinkState.SYNCED)))
              .orElse(new Condition.RoleIs(standby.name(), m.passiveRole()));
      steps.add(
          Step.builder(
                  "standby-" + standby.name(),
                  "Build "
                      + standby.name()
                      + " as a streaming standby of "
                      + target.name()
                      + ", so that the new major is highly available when it takes the clients",
                  Action.once(Verb.REJOIN, standby.name(), Map.of("primary", target.name())))
              .goal(streams)
              .verify(streams)
              .source(SOURCE)
              .build());
    }
    return steps;
  }

  private static List<dev.baton.plan.Guard> concat(
      List<? extends dev.baton.plan.Guard> a, List<? extends dev.baton.plan.Guard> b) {
    List<dev.baton.plan.Guard> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
