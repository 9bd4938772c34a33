package dev.baton.strategy.splitside;

import static dev.baton.strategy.splitside.SplitSideStrategy.SEED;

import dev.baton.facts.LinkState;
import dev.baton.facts.Property;
import dev.baton.guard.BackupExists;
import dev.baton.guard.LinkSynced;
import dev.baton.model.ReplicationLink;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Taking the sides apart and putting them back together: the replication links and the failover
 * pins that keep each side on itself meanwhile.
 */
final class Replication {
  private Replication() {}

  /** Remove replication in the documented order. */
  static List<Step> split(Layout l) {
    List<Step> steps = new ArrayList<>();
    for (ReplicationLink link : l.links()) {
      Step.Builder s = unreplicate(l, link);
      if (steps.isEmpty()) {
        divergeFromHere(s, l, link);
      }
      steps.add(s.build());
    }
    return steps;
  }

  /** Pin every node's failover connections to its own side. */
  static List<Step> pins(Layout l) {
    return l.pins().stream().map(Replication::pin).toList();
  }

  /** Remove the pins, then rebuild replication from side A's data in the reverse order. */
  static List<Step> rejoin(Layout l) {
    List<Step> steps = new ArrayList<>();
    for (Layout.Pin pin : l.pins()) {
      steps.add(unpin(pin));
    }
    for (int i = l.links().size() - 1; i >= 0; i--) {
      Step.Builder s = rereplicate(l, l.links().get(i));
      if (i == l.links().size() - 1) {
        replaceSideBFromHere(s, l);
      }
      steps.add(s.build());
    }
    return steps;
  }

  private static Step.Builder unreplicate(Layout l, ReplicationLink link) {
    return Step.builder(
            "unreplicate-" + link.name(),
            "Remove replication " + link.name() + " (" + link.endpoints() + ")",
            Action.once(Verb.REMOVE_REPLICATION, link.name(), Map.of()))
        .goal(new Condition.LinkIs(link.key(), LinkState.REMOVED))
        .verify(new Condition.LinkIs(link.key(), LinkState.REMOVED))
        .source(SEED + " (remove replication, " + l.ordinal(link) + " in the documented order)");
  }

  /** The first removal is where the sides start to diverge: guarded, gated, no way back. */
  private static void divergeFromHere(Step.Builder s, Layout l, ReplicationLink link) {
    s.guards(new LinkSynced(link.key()))
        .pointOfNoReturn()
        .gate(
            Gate.confirm(
                "remove replication between sides "
                    + l.a().name()
                    + " and "
                    + l.b().name()
                    + "; from here the sides diverge until side "
                    + l.a().name()
                    + "'s data replaces side "
                    + l.b().name()
                    + "'s"));
  }

  private static Step pin(Layout.Pin pin) {
    String n = pin.node().name();
    return Step.builder(
            "pin-failover-" + n,
            "Pin the failover connections of "
                + n
                + " to side "
                + pin.node().side()
                + " (hosts entries "
                + pin.entries()
                + ")",
            Action.idempotent(Verb.PIN_FAILOVER, n, Map.of("entries", pin.entries())))
        .goal(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n), "yes"))
        .verify(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n), "yes"))
        .undo(Action.idempotent(Verb.UNPIN_FAILOVER, n, Map.of()))
        .source(SEED + " (force connection failover to the active side)")
        .build();
  }

  private static Step unpin(Layout.Pin pin) {
    String n = pin.node().name();
    return Step.builder(
            "unpin-failover-" + n,
            "Remove the failover pins (hosts entries) from " + n,
            Action.idempotent(Verb.UNPIN_FAILOVER, n, Map.of()))
        .goal(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n), "no"))
        .verify(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n), "no"))
        .source(SEED + " (remove the hosts entries, then reinitialise replication)")
        .build();
  }

  private static Step.Builder rereplicate(Layout l, ReplicationLink link) {
    return Step.builder(
            "rereplicate-" + link.name(),
            "Rebuild replication " + link.name() + " from side " + l.a().name() + "'s data",
            Action.once(Verb.REBUILD_REPLICATION, link.name(), Map.of("winner", l.winner(link))))
        .goal(new Condition.LinkIs(link.key(), LinkState.SYNCED))
        .guards(new BackupExists(link.from()), new BackupExists(link.to()))
        .verify(new Condition.LinkIs(link.key(), LinkState.SYNCED))
        .destructive()
        .source(SEED + " (reinitialise replication, in the reverse order of its removal)");
  }

  /** The first rebuild replaces side B's data: gated, no way back. */
  private static void replaceSideBFromHere(Step.Builder s, Layout l) {
    s.pointOfNoReturn()
        .gate(
            Gate.confirm(
                "rebuild replication from side "
                    + l.a().name()
                    + "; side "
                    + l.b().name()
                    + "'s data and the changes listed earlier are replaced"));
  }
}
