package dev.baton.drivers.sim;

import dev.baton.model.Component;
import dev.baton.model.SecretFingerprint;
import dev.baton.model.SecretRef;
import dev.baton.model.Topology;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Fingerprints of the topology's secrets, for facts. The fingerprint is slow on purpose, so each
 * one is computed once per value; the values themselves are never stored or written.
 */
final class SecretFingerprints {

  /** The component property naming the secret a component was installed with. */
  static final String PASSPHRASE_SECRET = "passphraseSecret";

  private final Function<String, String> lookup;
  private final Map<String, String> memo = new HashMap<>();

  SecretFingerprints(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** Each set secret's fingerprint by secret name; unset ones are left out. */
  Map<String, String> of(Topology t) {
    Map<String, String> out = new TreeMap<>();
    for (SecretRef ref : t.secrets()) {
      String value = value(ref.name());
      if (value != null) {
        out.put(ref.name(), fingerprint(t.system(), value));
      }
    }
    return out;
  }

  /**
   * A simulated system is installed with the first passphrase it is given, unless its sim section
   * already says which one (a test's way to make them differ). Returns whether it changed.
   */
  boolean seedInstalledPassphrases(Topology t, SimState state) {
    boolean changed = false;
    for (Component c : t.components()) {
      String secret = c.properties().get(PASSPHRASE_SECRET);
      if (secret == null) {
        continue;
      }
      String value = value(secret);
      SimComponent sc = state.component(c.name());
      if (value != null && !sc.props.containsKey("passphrase-fingerprint")) {
        sc.props.put("passphrase-fingerprint", fingerprint(t.system(), value));
        changed = true;
      }
    }
    return changed;
  }

  private String value(String name) {
    try {
      return lookup.apply(name);
    } catch (IllegalArgumentException e) {
      return null; // not set: the guard says so
    }
  }

  private synchronized String fingerprint(String system, String value) {
    return memo.computeIfAbsent(
        system + "\u0000" + value, k -> SecretFingerprint.of(system, value));
  }
}
