package dev.baton.strategy.splitside;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.strategy.PlanningException;
import dev.baton.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002's split-side upgrade of a two-sided system with bidirectional replication: side A is
 * upgraded while side B serves alone, then side B, then replication is rebuilt with side A's data
 * winning. While the sides are apart, every node's failover connections are pinned to its own side.
 * Side B's changes made while split are listed before they are discarded, and if the split lasted a
 * day or more, side A's backup is restored onto side B instead of upgrading B's database.
 *
 * <p>The replicated databases (the ends of the replication links) stay online throughout; every
 * other component is stopped, uninstalled and installed again in component order. A component whose
 * {@code passphraseSecret} property names a secret is installed only with the passphrase it was
 * first installed with.
 */
public final class SplitSideStrategy implements Strategy {

  static final String SEED = "seed 002 split side";

  /** How long a split may last before side B takes side A's backup instead of an upgrade. */
  public static final long RESTORE_AFTER_HOURS = 24;

  /** The component property naming the secret that holds the installer's passphrase. */
  public static final String PASSPHRASE_SECRET = Component.PASSPHRASE_SECRET;

  @Override
  public String name() {
    return "split-side";
  }

  @Override
  public boolean plansComponentsWithoutVersion() {
    return true;
  }

  @Override
  public String summary() {
    return "side A upgraded while side B serves alone with failover pinned, then side B;"
        + " replication rebuilt with side A's data winning";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    if (goal.targetVersion() == null) {
      throw new PlanningException("split-side needs a target version (--to)");
    }
    Layout l = Layout.of(t, goal.targetVersion());
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase("preflight", Checks.preflight(l)));
    for (Pass pass : Pass.values()) {
      phases.addAll(pass.phases(l));
    }
    phases.add(new Phase("verify both directions", Checks.bothDirections(l)));
    return new Plan(t.system(), name(), goal, phases, Notes.of(l, facts, phases));
  }
}
