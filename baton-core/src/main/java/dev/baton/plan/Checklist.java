package dev.baton.plan;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders a plan as a numbered checklist, optionally with each guard checked on current facts. */
public final class Checklist {

  private Checklist() {}

  /** The checklist without guard results; stable text used for the plan's fingerprint. */
  public static String render(Plan plan, Topology topology) {
    return render(plan, topology, null);
  }

  /**
   * The checklist; when {@code facts} is given each guard is shown as passing ({@code ok}) or with
   * its refusal sentence ({@code WOULD REFUSE}) on those facts.
   */
  public static String render(Plan plan, Topology topology, Facts facts) {
    StringBuilder out = new StringBuilder();
    out.append("Plan: ").append(plan.strategy()).append(" of ").append(plan.system());
    if (plan.goal().targetVersion() != null) {
      out.append(" to ").append(plan.goal().targetVersion());
    }
    out.append('\n');
    for (String note : plan.notes()) {
      out.append("  note: ").append(note).append('\n');
    }
    int n = 0;
    boolean changedBefore = false;
    for (Phase phase : plan.phases()) {
      out.append('\n').append("Phase: ").append(phase.name()).append('\n');
      String openGroup = null;
      for (Step step : phase.steps()) {
        n++;
        if (step.parallelGroup() != null && !step.parallelGroup().equals(openGroup)) {
          out.append("  parallel group ")
              .append(step.parallelGroup())
              .append(" (at most ")
              .append(step.maxParallel())
              .append(" at once):\n");
        }
        openGroup = step.parallelGroup();
        renderStep(out, n, step, topology, facts, changedBefore);
        changedBefore |= !step.action().changesNothing();
      }
    }
    for (Hold hold : plan.holds()) {
      out.append('\n')
          .append("Rollback of the hold on ")
          .append(hold.entryPoint())
          .append(" (")
          .append(hold.describe())
          .append("):\n");
      for (Step step : hold.rollback()) {
        renderStep(out, ++n, step, topology, facts, true);
      }
    }
    return out.toString();
  }

  /** A guard that would refuse now: the step's number and id, the guard, and its sentence. */
  public record Refusal(int step, String stepId, String guard, String sentence) {
    @Override
    public String toString() {
      return "step " + step + " (" + stepId + "): " + guard + ": " + sentence;
    }
  }

  /**
   * Every guard that would refuse now: the guards of the steps before the plan's first change,
   * judged on {@code facts}. Guards of later steps are judged on facts the earlier steps will
   * alter, so they are not counted ("not yet").
   */
  public static List<Refusal> refusedNow(Plan plan, Topology topology, Facts facts) {
    List<Refusal> refused = new ArrayList<>();
    List<Step> steps = plan.steps();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      for (Guard g : step.guards()) {
        Optional<String> refusal = g.refusal(topology, facts);
        if (refusal.isPresent()) {
          refused.add(new Refusal(i + 1, step.id(), g.name(), refusal.get()));
        }
      }
      if (!step.action().changesNothing()) {
        break;
      }
    }
    return refused;
  }

  /**
   * A guard of a step that comes after the first change is judged on facts that earlier steps will
   * alter, so its current refusal is shown as "not yet" rather than as a refusal.
   */
  private static void renderStep(
      StringBuilder out, int n, Step step, Topology t, Facts facts, boolean changedBefore) {
    String indent = step.parallelGroup() != null ? "    " : "  ";
    if (step.gate() != null) {
      out.append(indent)
          .append("  GATE (")
          .append(step.gate().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .append("): ")
          .append(step.gate().text())
          .append('\n');
    }
    if (step.pointOfNoReturn()) {
      out.append(indent)
          .append("  ---- POINT OF NO RETURN: rollback stops being possible below ----\n");
    }
    out.append(indent)
        .append(String.format("%2d. [ ] ", n))
        .append(step.title())
        .append("   (")
        .append(step.id())
        .append(")\n");
    out.append(indent).append("        action: ").append(step.action()).append('\n');
    if (!(step.goal() instanceof Condition.Never)) {
      out.append(indent).append("        goal:   ").append(step.goal().describe()).append('\n');
    }
    for (Guard g : step.guards()) {
      out.append(indent)
          .append("        guard:  ")
          .append(g.name())
          .append(": ")
          .append(g.describe());
      if (facts != null) {
        Optional<String> refusal = g.refusal(t, facts);
        String prefix =
            changedBefore
                ? "  -> not yet (checked when the step runs): "
                : "  -> WOULD REFUSE now: ";
        out.append(refusal.map(r -> prefix + r).orElse("  -> ok now"));
      }
      out.append('\n');
    }
    if (!(step.verify() instanceof Condition.Always)) {
      out.append(indent).append("        verify: ").append(step.verify().describe()).append('\n');
    }
    if (step.undo() != null) {
      out.append(indent).append("        undo:   ").append(step.undo()).append('\n');
    }
    if (!step.source().isEmpty()) {
      out.append(indent).append("        from:   ").append(step.source()).append('\n');
    }
  }
}
