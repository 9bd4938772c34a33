package dev.baton.strategy.splitside;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Component;
import dev.baton.plan.Phase;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What an operator must know before choosing split-side, numbered from the finished plan: each step
 * is found by what it does (its verb and target), so rewording a step id breaks no note.
 */
final class Notes {
  private Notes() {}

  static List<String> of(Layout l, Facts facts, List<Phase> phases) {
    List<Step> steps = phases.stream().flatMap(p -> p.steps().stream()).toList();
    String a = l.a().name();
    String b = l.b().name();
    Component aDb = l.a().primaryDatabase();
    Component bDb = l.b().primaryDatabase();
    String firstRemoved = l.firstLink().name();
    // Rebuilt in reverse order, so the last link removed is the first rebuilt: the sides rejoin.
    int rebuilt = number(steps, Verb.REBUILD_REPLICATION, l.lastLink().name());
    int restore = number(steps, Verb.RESTORE_BACKUP, bDb.name());
    String window =
        String.format(
            "single-sided window: side %s serves alone from step %d (%s) until step %d (%s);"
                + " seed 002 prefers full-stop, since rebuilding replication loses side %s's"
                + " changes",
            b,
            number(steps, Verb.REMOVE_REPLICATION, firstRemoved),
            "remove replication " + firstRemoved,
            rebuilt,
            "replication rebuilt",
            b);
    String pins =
        String.format(
            "forced failover: steps %s pin every node's failover connections to its own side;"
                + " steps %s remove the pins just before replication is rebuilt",
            range(steps, Verb.PIN_FAILOVER), range(steps, Verb.UNPIN_FAILOVER));
    String wins =
        String.format(
            "data: side %s's data wins; step %d lists the changes made on side %s while split;"
                + " they are discarded at step %d (restore) or step %d (replication rebuilt)",
            a, number(steps, Verb.LIST_CHANGES, bDb.name()), b, restore, rebuilt);
    // What side B has changed so far, where the driver can tell (a split already under way).
    wins +=
        facts
            .property(Property.SPLIT_CHANGES.of(bDb.name()))
            .map(list -> "; side " + b + "'s changes so far: " + list)
            .orElse("");
    String restoreRule =
        String.format(
            "restore rule: if the sides have been split for %d h or more when step %d runs, it"
                + " restores %s's backup onto %s instead of upgrading %s's database (step %d"
                + " then finds it done); otherwise step %d is skipped",
            SplitSideStrategy.RESTORE_AFTER_HOURS,
            restore,
            aDb.name(),
            bDb.name(),
            bDb.name(),
            number(steps, Verb.INSTALL, bDb.name()),
            restore);
    String ponr =
        "points of no return: steps "
            + numbers(steps, Step::pointOfNoReturn).stream()
                .map(String::valueOf)
                .collect(Collectors.joining(", "));
    return List.of(window, pins, wins, restoreRule, ponr);
  }

  /** The number of the first step that does {@code verb} to {@code target}. */
  private static int number(List<Step> steps, Verb verb, String target) {
    List<Integer> n = numbers(steps, s -> does(s, verb) && s.action().target().equals(target));
    if (n.isEmpty()) {
      throw new IllegalStateException(
          "split-side plan lacks a " + verb.label() + " step on " + target);
    }
    return n.get(0);
  }

  /** The numbers of the first and the last step that do {@code verb}, e.g. {@code 6-9}. */
  private static String range(List<Step> steps, Verb verb) {
    List<Integer> n = numbers(steps, s -> does(s, verb));
    return n.isEmpty() ? "(none)" : n.get(0) + "-" + n.get(n.size() - 1);
  }

  private static boolean does(Step s, Verb verb) {
    return s.action().verb() == verb;
  }

  private static List<Integer> numbers(List<Step> steps, Predicate<Step> which) {
    List<Integer> n = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      if (which.test(steps.get(i))) {
        n.add(i + 1);
      }
    }
    return n;
  }
}
