package dev.baton.strategy.splitside;

import static dev.baton.strategy.splitside.SplitSideStrategy.SEED;

import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.guard.BackupExists;
import dev.baton.model.Component;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Guard;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.Steps;
import dev.baton.strategy.splitside.Layout.SideParts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One side brought to the new version: its databases upgraded in place (or, on side B after a long
 * split, replaced by side A's backup), then its other components installed, each only with the
 * passphrase it was first installed with.
 */
final class Upgrade {
  private Upgrade() {}

  static List<Step> of(Layout l, SideParts side, boolean sideB) {
    List<Step> steps = new ArrayList<>();
    for (Component db : side.databases()) {
      if (sideB) {
        steps.add(restore(l, db));
      }
      steps.add(database(l, db));
    }
    for (Component c : side.services()) {
      steps.add(service(l, c));
    }
    return steps;
  }

  private static String source() {
    return SEED + " (upgrade the Portal database, then install the other components)";
  }

  private static Step database(Layout l, Component db) {
    return Steps.install(db, l.to(), source())
        .guards(withPassphrase(db, new BackupExists(db.name())))
        .gate(
            Gate.confirm(
                "upgrade the database "
                    + db.name()
                    + " to "
                    + l.to()
                    + "; the old version comes back only from its backup"))
        .build();
  }

  private static Step service(Layout l, Component c) {
    return Step.builder(
            "upgrade-" + c.name(),
            "Install " + l.to() + " on " + c.name(),
            Action.once(Verb.INSTALL, c.name(), Map.of("version", l.to().text())))
        .goal(new Condition.VersionIs(c.name(), l.to()))
        .guards(withPassphrase(c))
        .verify(
            Condition.all(
                new Condition.VersionIs(c.name(), l.to()),
                new Condition.ServiceIs(c.name(), ServiceState.RUNNING)))
        .source(source())
        .build();
  }

  private static List<Guard> withPassphrase(Component c, Guard... more) {
    List<Guard> guards = new ArrayList<>(List.of(more));
    guards.addAll(Steps.passphrase(c));
    return guards;
  }

  /**
   * Seed 002: after a day or more apart, side B takes side A's latest backup instead of an upgrade;
   * otherwise the step finds its goal met and is skipped.
   */
  static Step restore(Layout l, Component bDb) {
    Component aDb = l.counterpartDatabase(bDb);
    String label = Backups.label(l, aDb, "rejoin");
    String restored = aDb.name() + ":" + label;
    Condition apart =
        new Condition.SplitFor(l.firstLink().key(), SplitSideStrategy.RESTORE_AFTER_HOURS);
    return Step.builder(
            "restore-" + bDb.name(),
            "If the sides were split for "
                + SplitSideStrategy.RESTORE_AFTER_HOURS
                + " h or more, restore "
                + aDb.name()
                + "'s backup "
                + label
                + " onto "
                + bDb.name()
                + " instead of upgrading it",
            Action.once(
                Verb.RESTORE_BACKUP, bDb.name(), Map.of("from", aDb.name(), "label", label)))
        .goal(
            new Condition.AnyOf(
                List.of(
                    new Condition.Not(apart),
                    new Condition.PropertyIs(Property.RESTORED_FROM.of(bDb.name()), restored))))
        .guards(new BackupExists(aDb.name()))
        .verify(new Condition.PropertyIs(Property.RESTORED_FROM.of(bDb.name()), restored))
        .destructive()
        .pointOfNoReturn()
        .gate(
            Gate.confirm(
                "replace "
                    + bDb.name()
                    + " with "
                    + aDb.name()
                    + "'s backup; side "
                    + l.b().name()
                    + "'s changes listed earlier are discarded"))
        .source(SEED + " (restore side A's backup on side B after a day or more single-sided)")
        .build();
  }
}
