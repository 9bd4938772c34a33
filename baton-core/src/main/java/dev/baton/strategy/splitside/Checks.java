package dev.baton.strategy.splitside;

import static dev.baton.strategy.splitside.SplitSideStrategy.SEED;

import dev.baton.facts.LinkState;
import dev.baton.guard.LinkSynced;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Guard;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks around a split-side upgrade: the preflight before it, both directions after it. */
final class Checks {
  private Checks() {}

  /**
   * Seed 002's overview: the sides in sync, the original passphrases, and the data-loss warning.
   */
  static List<Step> preflight(Layout l) {
    List<Guard> guards = new ArrayList<>();
    for (ReplicationLink link : l.links()) {
      guards.add(new LinkSynced(link.key()));
    }
    for (Component c : l.components()) {
      guards.addAll(Steps.passphrase(c));
    }
    String a = l.a().name();
    String b = l.b().name();
    return List.of(
        Step.builder(
                "preflight",
                "Check that the sides are in sync and every installer passphrase is the"
                    + " original one",
                Action.check(l.a().primaryDatabase().name()))
            .guards(guards)
            .gate(
                Gate.confirm(
                    "split-side upgrade of "
                        + l.system()
                        + ": side "
                        + b
                        + " serves alone while side "
                        + a
                        + " is upgraded, and side "
                        + b
                        + "'s changes made meanwhile are lost when replication is rebuilt;"
                        + " seed 002 prefers a full stop"))
            .source(SEED + " (overview: the passphrase note and the data-loss warning)")
            .build());
  }

  /** Seed 002's upgrade verification: an object crosses each way, and an import reaches both. */
  static List<Step> bothDirections(Layout l) {
    String source = SEED + " (upgrade verification: both directions and the upstream import)";
    String a = l.a().id();
    String b = l.b().id();
    Component aDb = l.a().primaryDatabase();
    Component bDb = l.b().primaryDatabase();
    return List.of(
        probe(
            l,
            "verify-" + a + "-to-" + b,
            "Create an object on side " + l.a().name() + " and find it on side " + l.b().name(),
            aDb,
            "create-on-" + aDb.name() + "-find-on-" + bDb.name(),
            source),
        probe(
            l,
            "verify-" + b + "-to-" + a,
            "Create an object on side " + l.b().name() + " and find it on side " + l.a().name(),
            bDb,
            "create-on-" + bDb.name() + "-find-on-" + aDb.name(),
            source),
        probe(
            l,
            "verify-upstream-import",
            "Create an object in the upstream system and find it on both sides",
            aDb,
            "import-upstream-find-on-both",
            source));
  }

  private static Step probe(
      Layout l, String id, String title, Component on, String probe, String source) {
    return Step.builder(id, title, Action.idempotent(Verb.CHECK, on.name(), Map.of("probe", probe)))
        .verify(synced(l))
        .source(source)
        .build();
  }

  private static Condition synced(Layout l) {
    List<Condition> all = new ArrayList<>();
    for (ReplicationLink link : l.links()) {
      all.add(new Condition.LinkIs(link.key(), LinkState.SYNCED));
    }
    return new Condition.AllOf(all);
  }
}
