package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** Two components run the same version (seed 001: both servers at the same level). */
public record SameLevel(String a, String b) implements Guard {

  @Override
  public String name() {
    return "same-level";
  }

  @Override
  public String describe() {
    return a + " and " + b + " run the same version";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(a, b);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<Version> va = facts.version(a);
    Optional<Version> vb = facts.version(b);
    if (va.isEmpty() || vb.isEmpty()) {
      return Optional.of(
          "the version of "
              + (va.isEmpty() ? a : b)
              + " is unknown, so the levels cannot be compared");
    }
    if (!va.get().sameLevel(vb.get())) {
      return Optional.of(a + " runs " + va.get() + " but " + b + " runs " + vb.get());
    }
    return Optional.empty();
  }
}
