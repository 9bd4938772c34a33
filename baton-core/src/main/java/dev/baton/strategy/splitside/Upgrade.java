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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steps that take a side to the new version: a replicated database upgraded in place, side A's
 * backup restored onto side B's after a long split, and every other component installed, each only
 * with the passphrase it was first installed with. {@link Pass} says which of them a side takes.
 */
final class Upgrade {
  private Upgrade() {}

  private static String source(Layout l) {
    return SEED + " (" + l.words().upgradeDatabases() + ")";
  }

  /** The database stays online; its upgrade is gated, since only its backup brings it back. */
  static Step database(Layout l, Component db) {
    return Steps.install(db, l.to(), source(l))
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

  static Step service(Layout l, Component c) {
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
        .source(source(l))
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
    String label = Pass.REJOIN.label(l, aDb);
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
