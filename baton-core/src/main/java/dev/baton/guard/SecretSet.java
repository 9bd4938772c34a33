package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A secret the step needs is set where its reference points: its fingerprint {@code
 * secret.<name>.fingerprint} was observed. The value itself is never read here.
 */
public record SecretSet(String secret) implements Guard {

  @Override
  public String name() {
    return "secret-set";
  }

  @Override
  public String describe() {
    return "secret " + secret + " is set";
  }

  // A secret's fingerprint is a system-wide fact: every observation carries it.
  @Override
  public Subjects subjects() {
    return Subjects.NONE;
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    if (facts.property(dev.baton.model.SecretFingerprints.factSubject(secret)).isPresent()) {
      return Optional.empty();
    }
    String where =
        topology.secrets().stream()
            .filter(r -> r.name().equals(secret))
            .findFirst()
            .map(r -> " (" + r + ")")
            .orElse("");
    return Optional.of("secret " + secret + where + " is not set");
  }
}
