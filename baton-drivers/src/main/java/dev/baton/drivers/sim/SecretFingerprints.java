package dev.baton.drivers.sim;

import dev.baton.facts.Property;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import java.util.Map;
import java.util.function.Function;

/**
 * Fingerprints of the topology's secrets, for facts. The fingerprint is slow on purpose, so each
 * one is computed once per value; the values themselves are never stored or written.
 */
final class SecretFingerprints {

  /** The component property naming the secret a component was installed with. */
  private final dev.baton.model.SecretFingerprints fingerprints;

  SecretFingerprints(Function<String, String> lookup) {
    this.fingerprints = new dev.baton.model.SecretFingerprints(lookup);
  }

  /** Each set secret's fingerprint by secret name; unset ones are left out. */
  Map<String, String> of(Topology t) {
    return fingerprints.of(t);
  }

  /**
   * A simulated system is installed with the first passphrase it is given, unless its sim section
   * already says which one (a test's way to make them differ). Returns whether it changed.
   */
  boolean seedInstalledPassphrases(Topology t, SimState state) {
    boolean changed = false;
    for (Component c : t.components()) {
      String secret = c.properties().get(Component.PASSPHRASE_SECRET);
      if (secret == null) {
        continue;
      }
      SimComponent sc = state.component(c.name());
      if (sc.props.containsKey("passphrase-fingerprint")) {
        continue;
      }
      java.util.Optional<String> fp = fingerprints.of(t.system(), secret);
      if (fp.isPresent()) {
        sc.props.put(Property.PASSPHRASE_FINGERPRINT.key(), fp.get());
        changed = true;
      }
    }
    return changed;
  }
}
