package dev.baton.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Ordered phases of steps that a strategy compiled from a topology and a goal. */
public record Plan(
    String system, String strategy, Goal goal, List<Phase> phases, List<String> notes) {

  public Plan {
    phases = List.copyOf(phases);
    notes = List.copyOf(notes);
  }

  /**
   * Every step: those of the phases in order, then the rollback steps of each hold, which run only
   * when a hold is rolled back.
   */
  public List<Step> steps() {
    List<Step> all = new java.util.ArrayList<>(phaseSteps());
    holds().forEach(h -> all.addAll(h.rollback()));
    return List.copyOf(all);
  }

  /** The steps of the phases in order: what a run does when nothing is rolled back. */
  public List<Step> phaseSteps() {
    return phases.stream().flatMap(p -> p.steps().stream()).toList();
  }

  /** The holds of every phase, in order. */
  public List<Hold> holds() {
    return phases.stream().flatMap(p -> p.holds().stream()).toList();
  }

  public Optional<Step> step(String id) {
    return steps().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /**
   * A hash of what runs: every step's id, title, action, undo, gate, guards, goal, verification and
   * flags, in order. Notes are not part of it: they may cite what the system holds now, so a plan
   * rebuilt to resume a run may word them differently and still do the same steps.
   */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Plan withoutNotes = new Plan(system, strategy, goal, phases, List.of());
      byte[] d =
          md.digest(Checklist.render(withoutNotes, null, null).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
