package dev.baton.engine;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a whole plan against the system as observed just before step 1, for what no single step's
 * guard can see: an install that would move a component to an older version (refused unless the
 * operator names the override {@value #DOWNGRADE}), and a goal that already holds everywhere (then
 * nothing is done at all, rather than half a procedure on a system that needs none of it).
 */
public final class Preflight {

  /** The override that lets a plan move a component to an older version. */
  public static final String DOWNGRADE = "downgrade";

  /** What the preflight found. Each kind carries the sentence the operator reads. */
  public sealed interface Verdict {
    String sentence();

    /** Nothing stands in the way; {@code overridden} is the refusal an override let through. */
    record Go(String sentence, Optional<String> overridden) implements Verdict {}

    /** The plan must not start: the sentence says why and how to proceed anyway. */
    record Refused(String sentence) implements Verdict {}

    /** Every component the plan upgrades already runs its target version. */
    record AlreadyDone(String sentence) implements Verdict {}
  }

  private Preflight() {}

  /** The verdict on {@code plan} for a system observed as {@code facts}. */
  public static Verdict check(Topology t, Plan plan, Facts facts, Map<String, String> overrides) {
    List<String> downgrades = new ArrayList<>();
    List<String> atTarget = new ArrayList<>();
    int installs = 0;
    List<Step> steps = plan.steps();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.action().verb() != Verb.INSTALL) {
        continue;
      }
      Optional<Version> to = version(s.action().params().get("version"));
      Optional<Component> c = t.component(s.action().target());
      if (to.isEmpty() || c.isEmpty()) {
        continue;
      }
      installs++;
      Optional<Version> observed = facts.version(c.get().name());
      Version now = observed.orElse(c.get().version());
      if (to.get().isOlderThan(now)) {
        downgrades.add(
            c.get().name() + " from " + now + " to " + to.get() + " (step " + (i + 1) + ")");
      } else if (observed.isPresent() && observed.get().sameLevel(to.get())) {
        atTarget.add(c.get().name());
      }
    }
    if (!downgrades.isEmpty()) {
      String refusal =
          "the plan would move "
              + String.join(", ", downgrades)
              + " to an older version; Baton downgrades only when told to, with --override "
              + DOWNGRADE
              + "=REASON";
      String reason = overrides.get(DOWNGRADE);
      if (reason == null || reason.isBlank()) {
        return new Verdict.Refused("refused before step 1: " + refusal);
      }
      return new Verdict.Go("downgrade allowed: " + reason, Optional.of(refusal));
    }
    if (installs > 0 && atTarget.size() == installs) {
      return new Verdict.AlreadyDone(
          "already done: every component the plan upgrades runs "
              + plan.goal().targetVersion()
              + " ("
              + String.join(", ", atTarget.stream().distinct().toList())
              + "); nothing was changed");
    }
    return new Verdict.Go("", Optional.empty());
  }

  private static Optional<Version> version(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Version.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
