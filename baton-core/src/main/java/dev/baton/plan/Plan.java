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

  public List<Step> steps() {
    return phases.stream().flatMap(p -> p.steps().stream()).toList();
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
