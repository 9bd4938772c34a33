package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.guard.HasRole;
import dev.baton.guard.ReplayRunning;
import dev.baton.guard.StillDown;
import dev.baton.guard.SyncedWhenLastSeen;
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
 * An unplanned role change after the active failed: fence the failed active so that it can only
 * come back as a standby, promote the standby, move the entry points, check that the new active
 * accepts writes, then count what the failed one committed that the standby never received.
 *
 * <p>The failed active has no live position to compare with, so the promote is judged by what a
 * watcher saw last (options {@code lastSyncState}, {@code lastLagBytes}); see ADR 0015.
 */
public final class FailoverStrategy implements Strategy {

  /** The goal options a watcher sets from its last sight of the pair. */
  public static final String ACTIVE = "active";

  public static final String LAST_SYNC_STATE = "lastSyncState";
  public static final String LAST_LAG_BYTES = "lastLagBytes";
  public static final String MAX_LAG_BYTES = "maxLagBytes";
  public static final String AUTO_REVERSE = "autoReverse";

  private static final String SOURCE = "seed 004 is-alive: switch over automatically";

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text("active", "the member that is active now, when the facts cannot tell"),
        StrategyOption.text(
            "lastSyncState", "the replication mode the watcher saw last: none, async or sync"),
        new StrategyOption(
            "lastLagBytes",
            "the lag the watcher saw last; -1 when not known",
            StrategyOption.Values.NUMBER),
        new StrategyOption(
            "maxLagBytes",
            "most lag at the last sight that still allows the failover (default 1048576)",
            StrategyOption.Values.BYTES),
        new StrategyOption(
            "autoReverse",
            "rejoin the failed server as a standby afterwards",
            StrategyOption.Values.FLAG));
  }

  @Override
  public String summary() {
    return "unplanned role change: fence the failed active, promote the standby, redirect";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    RoleModel m = TakeoverStrategy.roleModel(t);
    Pair p = Pair.find(t, facts, m, goal.options().get(ACTIVE));
    Map<String, String> options = new HashMap<>(goal.options());
    options.put(ACTIVE, p.active().name());
    String syncState = options.getOrDefault(LAST_SYNC_STATE, "none");
    long lastLag = Long.parseLong(options.getOrDefault(LAST_LAG_BYTES, "-1"));
    long maxLag = Long.parseLong(options.getOrDefault(MAX_LAG_BYTES, "1048576"));
    Component failed = p.active();
    Component next = p.standby();
    List<Step> steps = new ArrayList<>();
    steps.add(fence(failed, next, m));
    steps.add(
        promote(
            failed,
            next,
            m,
            new SyncedWhenLastSeen(p.link().key(), next.name(), syncState, lastLag, maxLag)));
    if (!"async".equals(syncState) && !"none".equals(syncState)) {
      steps.add(unsync(failed, next));
    }
    steps.addAll(EntryPointSteps.switchAndVerify(t, failed, next, "", SOURCE));
    steps.add(writeCheck(next));
    steps.addAll(EntryPointSteps.settle(t, failed, next, "", SOURCE));
    steps.add(assessLoss(failed, next));
    if (goal.option(AUTO_REVERSE)) {
      steps.add(reverse(failed, next, m, p.link().key()));
    }
    return new Plan(
        t.system(),
        name(),
        new Goal(goal.targetVersion(), options),
        List.of(new Phase("fail over", steps)),
        List.of(
            failed.name()
                + " is fenced (it restarts only as a standby of "
                + next.name()
                + "), then "
                + next.name()
                + " becomes the primary"));
  }

  private static Step fence(Component failed, Component next, RoleModel m) {
    return Step.builder(
            "fence-" + failed.name(),
            "Fence "
                + failed.name()
                + " with its fence methods in order: stop it if it still runs and make it start"
                + " only as a standby of "
                + next.name()
                + ", or have its fence agent turn its node off",
            Action.idempotent(Verb.FENCE_OFFLINE, failed.name(), Map.of("primary", next.name())))
        .guards(new StillDown(failed.name(), m.activeRole()))
        // Stopped as seen through its node, or, when the node cannot be reached, off as its fence
        // agent answers: the promote waits for one of the two, never for the failed one to answer.
        .verify(
            new Condition.AnyOf(
                List.of(
                    new Condition.ServiceIs(failed.name(), ServiceState.STOPPED),
                    new Condition.PropertyIs(Property.FENCE.of(failed.name()), "off"))))
        .source(SOURCE)
        .build();
  }

  private static Step promote(
      Component failed, Component next, RoleModel m, SyncedWhenLastSeen lastSeen) {
    return Step.builder(
            "promote-" + next.name(),
            "Promote " + next.name() + " in place of the failed " + failed.name(),
            Action.once(Verb.FAILOVER, next.name(), Map.of("failed", failed.name())))
        .goal(new Condition.RoleIs(next.name(), m.activeRole()))
        .guards(
            new HasRole(next.name(), m.passiveRole()),
            new ReplayRunning(next.name()),
            lastSeen,
            new StillDown(failed.name(), m.activeRole()))
        .verify(new Condition.RoleIs(next.name(), m.activeRole()))
        .pointOfNoReturn()
        .source(SOURCE)
        .build();
  }

  // With its synchronous standby gone, a new primary that still waits for one never commits.
  private static Step unsync(Component failed, Component next) {
    return Step.builder(
            "unsync-" + next.name(),
            "Let "
                + next.name()
                + " commit without a synchronous standby while "
                + failed.name()
                + " is down",
            Action.idempotent(Verb.CLEAR_SYNC_STANDBYS, next.name(), Map.of()))
        .source(SOURCE)
        .build();
  }

  private static Step writeCheck(Component next) {
    return Step.builder(
            "write-check-" + next.name(),
            "Check that " + next.name() + " accepts writes",
            Action.idempotent(Verb.WRITE_CHECK, next.name(), Map.of()))
        .source(SOURCE)
        .build();
  }

  private static Step assessLoss(Component failed, Component next) {
    return Step.builder(
            "assess-loss-" + failed.name(),
            "Count the transactions "
                + failed.name()
                + " committed that "
                + next.name()
                + " never received",
            Action.idempotent(
                Verb.COUNT_UNREPLICATED, failed.name(), Map.of("primary", next.name())))
        .source(SOURCE)
        .build();
  }

  private static Step reverse(Component failed, Component next, RoleModel m, String linkKey) {
    Condition rejoined =
        Condition.all(
            new Condition.RoleIs(failed.name(), m.passiveRole()),
            new Condition.LinkIs(linkKey, LinkState.SYNCED));
    return Step.builder(
            "rejoin-" + failed.name(),
            "Reverse replication: rejoin " + failed.name() + " as a standby of " + next.name(),
            Action.once(Verb.REJOIN, failed.name(), Map.of("primary", next.name())))
        .goal(rejoined)
        .verify(rejoined)
        .source(SOURCE)
        .build();
  }
}
