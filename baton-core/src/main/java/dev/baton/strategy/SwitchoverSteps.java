package dev.baton.strategy;

import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.guard.HasRole;
import dev.baton.guard.ReplayRunning;
import dev.baton.guard.StandbySynced;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A planned role change with fencing: checkpoint the primary (so its shutdown is short), fence it
 * with a fast shutdown, promote the standby only once it has replayed everything the old primary
 * wrote, move the entry points, then rejoin the old primary as a standby.
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
                "promote-" + to.name() + suffix,
                "Promote " + to.name() + " once it has replayed all of " + from.name() + "'s WAL",
                Action.once(Verb.PROMOTE, to.name(), Map.of()))
            .goal(new Condition.RoleIs(to.name(), m.activeRole()))
            .guards(
                new HasRole(to.name(), m.passiveRole()), new StandbySynced(linkKey, to.name(), 0))
            .verify(new Condition.RoleIs(to.name(), m.activeRole()))
            .source(source)
            .build());
    // Clients move as soon as the new primary accepts writes; rejoining the old one can wait.
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
}
