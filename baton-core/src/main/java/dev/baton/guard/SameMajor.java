package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** Two servers run the same major version, so that one can replicate from the other. */
public record SameMajor(String a, String b) implements Guard {

  @Override
  public String name() {
    return "same-major";
  }

  @Override
  public String describe() {
    return a + " and " + b + " run the same major version";
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
      return Optional.of("the version of " + (va.isEmpty() ? a : b) + " is unknown");
    }
    return va.get().major() == vb.get().major()
        ? Optional.empty()
        : Optional.of(
            a
                + " runs major "
                + va.get().major()
                + " but "
                + b
                + " runs major "
                + vb.get().major());
  }
}
