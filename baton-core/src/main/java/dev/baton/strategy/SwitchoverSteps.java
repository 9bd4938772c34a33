package dev.baton.strategy;

import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.guard.HasRole;
import dev.baton.guard.NotPromoted;
import dev.baton.guard.ReplayRunning;
import dev.baton.guard.StandbySynced;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Hold;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A planned role change with fencing: checkpoint the primary (so its shutdown is short), hold the
 * clients of every pooler, fence the primary with a fast shutdown, promote the standby only once it
 * has replayed everything the old primary wrote, move the entry points (releasing the held clients
 * onto the new primary), then rejoin the old primary as a standby. Each hold comes with its budget
 * and rollback ({@link #holds}).
 */
final class SwitchoverSteps {
  private SwitchoverSteps() {}

  static List<Step> of(
      Topology t,
      RoleModel m,
      Component from,
      Component to,
      String linkKey,
      long maxLag,
      String suffix,
      String source) {
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.builder(
                "checkpoint-" + from.name() + suffix,
                "Checkpoint " + from.name() + " so that its shutdown is quick",
                Action.idempotent(Verb.CHECKPOINT, from.name(), Map.of()))
            .guards(
                new HasRole(from.name(), m.activeRole()),
                new HasRole(to.name(), m.passiveRole()),
                new StandbySynced(linkKey, to.name(), maxLag),
                new ReplayRunning(to.name()))
            .source(source)
            .build());
    steps.addAll(EntryPointSteps.prepare(t, from, to, suffix, source));
    steps.addAll(EntryPointSteps.hold(t, from, to, suffix, source));
    steps.add(
        Step.builder(
                "fence-" + from.name() + suffix,
                "Fence " + from.name() + ": fast shutdown, it accepts no more writes",
                Action.idempotent(Verb.FENCE, from.name(), Map.of()))
            .goal(new Condition.ServiceIs(from.name(), ServiceState.STOPPED))
            .guards(new StandbySynced(linkKey, to.name(), maxLag), new ReplayRunning(to.name()))
            .verify(new Condition.ServiceIs(from.name(), ServiceState.STOPPED))
            .undo(Action.idempotent(Verb.START, from.name(), Map.of()))
            .source(source)
            .build());
    steps.add(
        Step.builder(
                promoteId(to, suffix),
                "Promote " + to.name() + " once it has replayed all of " + from.name() + "'s WAL",
                Action.once(Verb.PROMOTE, to.name(), Map.of()))
            .goal(new Condition.RoleIs(to.name(), m.activeRole()))
            .guards(
                new HasRole(to.name(), m.passiveRole()), new StandbySynced(linkKey, to.name(), 0))
            .verify(new Condition.RoleIs(to.name(), m.activeRole()))
            .source(source)
            .build());
    // Held clients go on as soon as the new primary accepts writes; rejoining the old one can wait.
    steps.addAll(EntryPointSteps.switchAndVerify(t, from, to, suffix, source));
    Condition rejoined =
        Condition.all(
            new Condition.RoleIs(from.name(), m.passiveRole()),
            new Condition.LinkIs(linkKey, LinkState.SYNCED));
    steps.add(
        Step.builder(
                "rejoin-" + from.name() + suffix,
                "Rejoin "
                    + from.name()
                    + " as a standby of "
                    + to.name()
                    + " (pg_rewind if it diverged)",
                Action.once(Verb.REJOIN, from.name(), Map.of("primary", to.name())))
            .goal(rejoined)
            .verify(rejoined)
            .source(source)
            .build());
    steps.addAll(EntryPointSteps.settle(t, from, to, suffix, source));
    return steps;
  }

  static String promoteId(Component to, String suffix) {
    return "promote-" + to.name() + suffix;
  }

  /**
   * The hold of each pooler in the steps of {@link #of}: the promote must be done within the
   * pooler's pause budget of the hold, or the rollback starts the old primary again (when it was
   * fenced and the standby not promoted) and releases the clients onto it.
   */
  static List<Hold> holds(
      Topology t, RoleModel m, Component from, Component to, String suffix, String source) {
    List<Hold> holds = new ArrayList<>();
    for (EntryPoint ep : EntryPointSteps.holding(EntryPointSteps.of(t, from, to))) {
      Condition eitherActive =
          new Condition.AnyOf(
              List.of(
                  new Condition.RoleIs(from.name(), m.activeRole()),
                  new Condition.RoleIs(to.name(), m.activeRole())));
      Step restart =
          Step.builder(
                  "rollback-" + ep.name() + "-start-" + from.name() + suffix,
                  "Start "
                      + from.name()
                      + " again as the primary if it was fenced and "
                      + to.name()
                      + " was not promoted",
                  Action.idempotent(Verb.START, from.name(), Map.of()))
              .goal(eitherActive)
              .guards(new NotPromoted(to.name(), m.passiveRole()))
              .verify(eitherActive)
              .source(source)
              .build();
      Step back =
          EntryPointSteps.release(
              ep,
              from,
              m.activeRole(),
              "rollback-" + ep.name() + "-release-to-" + from.name() + suffix,
              "Point " + ep.name() + " back at " + from.name() + " and let its clients go on",
              source);
      holds.add(
          new Hold(
              ep.name(),
              EntryPointSteps.holdId(ep, suffix),
              promoteId(to, suffix),
              EntryPointSteps.releaseId(ep, to, suffix),
              ep.pauseBudget(),
              List.of(restart, back)));
    }
    return holds;
  }
}
