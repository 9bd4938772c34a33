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

  /** A hash of the checklist text: two plans with one fingerprint do the same steps. */
  public String fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] d = md.digest(Checklist.render(this, null, null).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
