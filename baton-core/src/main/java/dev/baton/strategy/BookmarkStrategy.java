package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.guard.HasRole;
import dev.baton.guard.WalArchived;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A bookmark (seed 004): a named restore point on the primary, to rewind to later. A rewind starts
 * from a base backup taken before the bookmark, so when the primary has no verified backup yet one
 * is taken first. The restore point's LSN and time are the step's journaled evidence.
 */
public final class BookmarkStrategy implements Strategy {

  /** Names go into SQL and recovery settings, so they are kept to a plain alphabet. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private static final String SOURCE = "seed 004 setting bookmarks";

  @Override
  public String name() {
    return "bookmark";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text("name", "the bookmark's name (letters, digits, - and _)"),
        StrategyOption.text("active", "the member that is active now, when the facts cannot tell"));
  }

  @Override
  public String summary() {
    return "set a named restore point on the primary to rewind to later";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    String name = checkName(goal.options().get("name"));
    RoleModel m = TakeoverStrategy.roleModel(t);
    Pair p = Pair.find(t, facts, m, goal.options().get("active"));
    String primary = p.active().name();
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("active", primary);
    options.putIfAbsent("backup", facts.backup(primary).isPresent() ? "kept" : "take");
    List<Step> steps = new ArrayList<>();
    if (options.get("backup").equals("take")) {
      String label = "before-" + name;
      steps.add(
          Step.builder(
                  "backup-" + primary,
                  "Take a verified base backup of " + primary + ", which a rewind starts from",
                  Action.idempotent(Verb.BACKUP, primary, Map.of("label", label)))
              .goal(new Condition.BackupTaken(primary, label))
              .verify(new Condition.BackupTaken(primary, label))
              .guards(new WalArchived(primary))
              .source(SOURCE)
              .build());
    }
    steps.add(
        Step.builder(
                "bookmark-" + name,
                "Set restore point " + name + " on " + primary + " and archive its WAL segment",
                Action.once(Verb.BOOKMARK, primary, Map.of("name", name)))
            .guards(new HasRole(primary, m.activeRole()), new WalArchived(primary))
            .source(SOURCE)
            .build());
    return new Plan(
        t.system(),
        name(),
        new Goal(goal.targetVersion(), options),
        List.of(new Phase("bookmark", steps)),
        List.of("baton rewind TOPOLOGY --to " + name + " returns the data to this point"));
  }

  static String checkName(String name) throws PlanningException {
    if (name == null || name.isBlank()) {
      throw new PlanningException("a bookmark needs a name (--set name=NAME)");
    }
    if (!NAME.matcher(name).matches()) {
      throw new PlanningException(
          "bookmark name '"
              + name
              + "' may hold only letters, digits, '_', '.' and '-' (at most 63, first a letter"
              + " or digit)");
    }
    return name;
  }
}
