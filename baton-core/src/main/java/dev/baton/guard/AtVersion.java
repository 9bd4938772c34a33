package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** A component already runs the given version (before taking back over onto it). */
public record AtVersion(String component, Version version) implements Guard {

  @Override
  public String name() {
    return "at-version";
  }

  @Override
  public String describe() {
    return component + " runs " + version;
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<Version> v = facts.version(component);
    return v.isPresent() && v.get().sameLevel(version)
        ? Optional.empty()
        : Optional.of(
            component
                + " runs "
                + v.map(Version::toString).orElse("an unknown version")
                + ", not "
                + version);
  }
}
