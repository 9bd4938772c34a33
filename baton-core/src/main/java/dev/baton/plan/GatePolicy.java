package dev.baton.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many people a plan's gates need: as the strategy planned them, or two different people at
 * every gate. Chosen with the goal option {@code gates} ({@code --set gates=four-eyes}); since the
 * option is journaled with the goal, a rebuilt plan gets the same gates and the same fingerprint.
 */
public enum GatePolicy {
  AS_PLANNED {
    @Override
    public Plan apply(Plan plan) {
      return plan;
    }
  },
  FOUR_EYES {
    @Override
    public Plan apply(Plan plan) {
      List<Phase> phases = new ArrayList<>();
      for (Phase p : plan.phases()) {
        phases.add(
            new Phase(
                p.name(),
                p.steps().stream()
                    .map(
                        s ->
                            s.gate() == null
                                ? s
                                : s.toBuilder()
                                    .gate(new Gate(Gate.Kind.FOUR_EYES, s.gate().text()))
                                    .build())
                    .toList()));
      }
      return new Plan(plan.system(), plan.strategy(), plan.goal(), phases, plan.notes());
    }
  };

  /** The goal option that names the policy. */
  public static final String OPTION = "gates";

  /** The plan with every gate needing what this policy says. */
  public abstract Plan apply(Plan plan);

  /** The policy a goal asks for; {@code as-planned} when it names none. */
  public static GatePolicy of(Goal goal) {
    String v = goal.options().get(OPTION);
    if (v == null || v.isBlank()) {
      return AS_PLANNED;
    }
    for (GatePolicy p : values()) {
      if (p.label().equals(v.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        OPTION + "=" + v + " is not a gate policy; known: as-planned, four-eyes");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
