package dev.baton.strategy.splitside;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What an operator must know before choosing split-side, with the plan's step numbers. */
final class Notes {
  private Notes() {}

  static List<String> of(Layout l, Facts facts, List<Step> steps) {
    String a = l.a().name();
    String b = l.b().name();
    Component aDb = l.a().primaryDatabase();
    Component bDb = l.b().primaryDatabase();
    ReplicationLink first = l.firstLink();
    String window =
        String.format(
            "single-sided window: side %s serves alone from step %d (%s) until step %d (%s);"
                + " seed 002 prefers full-stop, since rebuilding replication loses side %s's"
                + " changes",
            b,
            number(steps, "unreplicate-" + first.name()),
            "remove replication " + first.name(),
            number(steps, "rereplicate-" + l.lastLink().name()),
            "replication rebuilt",
            b);
    String pins =
        String.format(
            "forced failover: steps %s pin every node's failover connections to its own side;"
                + " steps %s remove the pins just before replication is rebuilt",
            range(steps, "pin-failover-"), range(steps, "unpin-failover-"));
    String wins =
        String.format(
            "data: side %s's data wins; step %d lists the changes made on side %s while split;"
                + " they are discarded at step %d (restore) or step %d (replication rebuilt)",
            a,
            number(steps, "list-changes-" + bDb.name()),
            b,
            number(steps, "restore-" + bDb.name()),
            number(steps, "rereplicate-" + l.lastLink().name()));
    // What side B has changed so far, where the driver can tell (a split already under way).
    wins +=
        facts
            .property(Property.SPLIT_CHANGES.of(bDb.name()))
            .map(list -> "; side " + b + "'s changes so far: " + list)
            .orElse("");
    String restore =
        String.format(
            "restore rule: if the sides have been split for %d h or more when step %d runs, it"
                + " restores %s's backup onto %s instead of upgrading %s's database (step %d"
                + " then finds it done); otherwise step %d is skipped",
            SplitSideStrategy.RESTORE_AFTER_HOURS,
            number(steps, "restore-" + bDb.name()),
            aDb.name(),
            bDb.name(),
            bDb.name(),
            number(steps, "upgrade-" + bDb.name()),
            number(steps, "restore-" + bDb.name()));
    String ponr =
        "points of no return: steps "
            + steps.stream()
                .filter(Step::pointOfNoReturn)
                .map(s -> String.valueOf(steps.indexOf(s) + 1))
                .collect(Collectors.joining(", "));
    return List.of(window, pins, wins, restore, ponr);
  }

  private static int number(List<Step> steps, String id) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).id().equals(id)) {
        return i + 1;
      }
    }
    throw new IllegalStateException("split-side plan lacks step " + id);
  }

  private static String range(List<Step> steps, String prefix) {
    List<Integer> n = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).id().startsWith(prefix)) {
        n.add(i + 1);
      }
    }
    return n.isEmpty() ? "(none)" : n.get(0) + "-" + n.get(n.size() - 1);
  }
}
