package dev.baton.strategy.splitside;

import static dev.baton.strategy.splitside.SplitSideStrategy.SEED;

import dev.baton.model.Component;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.splitside.Layout.SideParts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backups of both sides' databases, taken when the sides split and again before they rejoin.
 */
final class Backups {
  private Backups() {}

  static List<Step> of(Layout l, String when) {
    List<Step> steps = new ArrayList<>();
    String source =
        when.equals("split")
            ? SEED + " (back up the Portal and report server databases of both sides)"
            : SEED + " (side B procedure: back up both sides' databases again)";
    for (SideParts side : List.of(l.a(), l.b())) {
      for (Component c : side.databases()) {
        String label = label(l, c, when);
        steps.add(
            Step.builder(
                    "backup-" + c.name() + "-" + when,
                    "Back up " + c.name() + " as " + label + " and verify the backup",
                    Action.once(Verb.BACKUP, c.name(), Map.of("label", label)))
                .goal(new Condition.BackupTaken(c.name(), label))
                .verify(new Condition.BackupTaken(c.name(), label))
                .parallel("backups-" + when, 2)
                .source(source)
                .build());
      }
    }
    return steps;
  }

  static String label(Layout l, Component c, String when) {
    return when + "-" + l.to() + "-" + c.name();
  }
}
