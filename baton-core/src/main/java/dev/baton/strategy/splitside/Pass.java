package dev.baton.strategy.splitside;

import static dev.baton.strategy.splitside.SplitSideStrategy.SEED;

import dev.baton.model.Component;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Phase;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.splitside.Layout.SideParts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two passes of a split-side upgrade, each taking one side to the new version: SPLIT parts the
 * sides and upgrades side A while side B serves alone; REJOIN upgrades or restores side B and
 * rebuilds replication from side A's data. Each pass backs up both sides first.
 */
enum Pass {
  /** Seed 002's side A checklist, with the failover pins added before side A stops. */
  SPLIT("split", "back up both sides") {
    @Override
    List<Phase> phases(Layout l) {
      SideParts a = l.a();
      return List.of(
          // Pinned before side A stops: a client of side A failing over between the stop and
          // the pins would write to side B, whose changes the rebuild discards.
          new Phase("pin each side's failover to itself", Replication.pins(l)),
          new Phase(a.name() + ": stop", SideSteps.stop(l, a)),
          new Phase("split the sides", Replication.split(l)),
          backups(l),
          new Phase(a.name() + ": remove the old software", SideSteps.uninstall(l, a)),
          new Phase(a.name() + ": upgrade", upgrade(l, a)),
          new Phase(
              a.name() + ": start and verify",
              then(SideSteps.startAndVerify(l, a), SideSteps.independentProvisioning(l.b()))));
    }

    @Override
    List<Step> database(Layout l, Component db) {
      return List.of(Upgrade.database(l, db));
    }
  },

  /** Seed 002's side B checklist, ending with replication rebuilt in the reverse order. */
  REJOIN("rejoin", "back up both sides again") {
    @Override
    List<Phase> phases(Layout l) {
      SideParts b = l.b();
      return List.of(
          new Phase(
              b.name() + ": stop and list its changes",
              then(SideSteps.stop(l, b), SideSteps.listChanges(l))),
          backups(l),
          new Phase(b.name() + ": remove the old software", SideSteps.uninstall(l, b)),
          new Phase(b.name() + ": upgrade or restore", upgrade(l, b)),
          new Phase("rejoin the sides", Replication.rejoin(l)),
          new Phase(b.name() + ": start and verify", SideSteps.startAndVerify(l, b)));
    }

    /** After a long split the database takes side A's backup, which the upgrade then finds done. */
    @Override
    List<Step> database(Layout l, Component db) {
      return List.of(Upgrade.restore(l, db), Upgrade.database(l, db));
    }
  };

  /** The word in this pass's backup ids, labels and parallel group. */
  private final String word;

  private final String backupPhase;

  Pass(String word, String backupPhase) {
    this.word = word;
    this.backupPhase = backupPhase;
  }

  /** Where this pass's backups come from in the seed, in the pack's words. */
  private String backupSource(Layout l) {
    return switch (this) {
      case SPLIT -> SEED + " (" + l.words().backUpDatabases() + ")";
      case REJOIN -> SEED + " (side B procedure: back up both sides' databases again)";
    };
  }

  /** The phases of this pass, in order. */
  abstract List<Phase> phases(Layout l);

  /** How this pass brings one of its side's replicated databases to the new version. */
  abstract List<Step> database(Layout l, Component db);

  /** The label of the backup this pass takes of {@code c}. */
  String label(Layout l, Component c) {
    return word + "-" + l.to() + "-" + c.name();
  }

  /** Both sides' databases, backed up two at a time. */
  Phase backups(Layout l) {
    List<Step> steps = new ArrayList<>();
    for (SideParts side : List.of(l.a(), l.b())) {
      for (Component c : side.databases()) {
        String label = label(l, c);
        steps.add(
            Step.builder(
                    "backup-" + c.name() + "-" + word,
                    "Back up " + c.name() + " as " + label + " and verify the backup",
                    Action.once(Verb.BACKUP, c.name(), Map.of("label", label)))
                .goal(new Condition.BackupTaken(c.name(), label))
                .verify(new Condition.BackupTaken(c.name(), label))
                .parallel("backups-" + word, 2)
                .source(backupSource(l))
                .build());
      }
    }
    return new Phase(backupPhase, steps);
  }

  /** The side's databases, this pass's way, then its other components. */
  List<Step> upgrade(Layout l, SideParts side) {
    List<Step> steps = new ArrayList<>();
    for (Component db : side.databases()) {
      steps.addAll(database(l, db));
    }
    for (Component c : side.installed()) {
      steps.add(Upgrade.service(l, c));
    }
    return steps;
  }

  private static List<Step> then(List<Step> steps, Step next) {
    List<Step> all = new ArrayList<>(steps);
    all.add(next);
    return all;
  }
}
