package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * The passphrase an installer will be given is the one the component was first installed with (seed
 * 002: a new passphrase leaves the existing data unreadable). Compares the fingerprints in {@code
 * <component>.passphrase-fingerprint} (what the installed system holds) and {@code
 * secret.<name>.fingerprint} (what Baton was given); neither value is ever read here.
 */
public record SamePassphrase(String component, String secret) implements Guard {

  @Override
  public String name() {
    return "same-passphrase";
  }

  @Override
  public String describe() {
    return "the passphrase in secret "
        + secret
        + " is the one "
        + component
        + " was installed with (fingerprints compared)";
  }

  // The supplied secret's fingerprint is a system-wide fact: every observation carries it.
  @Override
  public Subjects subjects() {
    return Subjects.of(component);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> installed = facts.property(Property.PASSPHRASE_FINGERPRINT.of(component));
    Optional<String> supplied =
        facts.property(dev.baton.model.SecretFingerprints.factSubject(secret));
    if (supplied.isEmpty()) {
      return Optional.of("secret " + secret + " is not set, so its passphrase cannot be checked");
    }
    if (installed.isEmpty()) {
      return Optional.of(
          "the fingerprint of the passphrase " + component + " was installed with is unknown");
    }
    if (!installed.get().equals(supplied.get())) {
      return Optional.of(
          "secret "
              + secret
              + " has fingerprint "
              + supplied.get()
              + " but "
              + component
              + " was installed with "
              + installed.get()
              + "; a new passphrase would leave its existing data unreadable");
    }
    return Optional.empty();
  }
}
