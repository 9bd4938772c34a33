package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.output.Visible;
import dev.baton.plan.Guard;
import dev.baton.plan.Plan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code --override NAME=REASON} against what can be overridden: a guard of the plan being
 * run, or one of the command's own named overrides (such as {@code both-automatic}). An override
 * that names nothing would be journaled as if it mattered and override nothing, so it is refused.
 */
final class Overrides {
  private Overrides() {}

  /** The names of the guards of {@code plan}, in the order they first appear. */
  static List<String> guardNames(Plan plan) {
    Set<String> names = new LinkedHashSet<>();
    plan.steps().forEach(s -> s.guards().stream().map(Guard::name).forEach(names::add));
    return List.copyOf(names);
  }

  /**
   * Refuses an override whose name is not in {@code known}, or that gives no reason; {@code what}
   * says what the names are of, e.g. "the takeover plan".
   */
  static void check(Map<String, String> overrides, List<String> known, String what)
      throws UsageException {
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      String name = Visible.text(o.getKey());
      if (!known.contains(o.getKey())) {
        throw new UsageException(
            "--override "
                + name
                + ": "
                + what
                + (known.isEmpty()
                    ? " has nothing to override"
                    : " knows: " + String.join(", ", known)));
      }
      if (o.getValue().isBlank()) {
        throw new UsageException(
            "--override " + name + ": a reason is needed (--override " + name + "=REASON)");
      }
    }
  }
}
