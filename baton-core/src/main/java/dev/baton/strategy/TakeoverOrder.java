package dev.baton.strategy;

import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.roles.RoleModel;
import java.util.Arrays;
import java.util.List;

/**
 * Which member of the pair takeover upgrades first, as the goal option {@code order} names it; each
 * order builds its own phases and notes.
 */
enum TakeoverOrder {
  /** Seed 001: the standby takes over, so a failed upgrade of the old active leaves a server. */
  ACTIVE_FIRST("active-first") {
    @Override
    List<Phase> phases(Topology t, RoleModel m, Pair p, Goal goal) {
      return ActiveFirstPlan.phases(t, m, p, goal);
    }

    @Override
    List<String> notes(Pair p, Goal goal) {
      return ActiveFirstPlan.notes(p, goal);
    }
  },

  /** The standby takes the new version first and takes over: one switchover (ADR 0009). */
  STANDBY_FIRST("standby-first") {
    @Override
    List<Phase> phases(Topology t, RoleModel m, Pair p, Goal goal) {
      return StandbyFirstPlan.phases(t, m, p, goal);
    }

    @Override
    List<String> notes(Pair p, Goal goal) {
      return StandbyFirstPlan.notes(p, goal);
    }
  };

  /** The goal option that names the order. */
  static final String OPTION = "order";

  private final String label;

  TakeoverOrder(String label) {
    this.label = label;
  }

  abstract List<Phase> phases(Topology t, RoleModel m, Pair p, Goal goal);

  abstract List<String> notes(Pair p, Goal goal);

  /** The word in the goal option, e.g. {@code active-first}. */
  String label() {
    return label;
  }

  /** The order the option names, or a planning error that lists the known ones. */
  static TakeoverOrder named(String label) throws PlanningException {
    return Arrays.stream(values())
        .filter(o -> o.label.equals(label))
        .findFirst()
        .orElseThrow(
            () ->
                new PlanningException(
                    "order '"
                        + label
                        + "' is unknown; use active-first (seed 001) or standby-first"));
  }

  /**
   * Seed 001's product upgrades the old active first; a primary/replica database takes the newer
   * minor version on its standby first, since a standby must be able to read the primary's WAL.
   */
  static TakeoverOrder defaultFor(RoleModel model) {
    return model.equals(RoleModel.PRIMARY_REPLICA) ? STANDBY_FIRST : ACTIVE_FIRST;
  }
}
