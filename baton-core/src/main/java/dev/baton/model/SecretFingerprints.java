package dev.baton.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fingerprints of a topology's secrets, for drivers to report as facts ({@code
 * secret.<name>.fingerprint}). The fingerprint is slow on purpose (ADR 0013), so each value's is
 * computed once; the values are looked up at the moment of use and never stored elsewhere.
 */
public final class SecretFingerprints {

  /** The fact subject that carries a secret's fingerprint. */
  public static String factSubject(String secret) {
    return "secret." + secret + ".fingerprint";
  }

  private final Function<String, String> lookup;
  private final Map<String, String> memo = new HashMap<>();

  /** {@code lookup} gives a secret's value by name: null, or IllegalArgumentException, if unset. */
  public SecretFingerprints(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** Each set secret's fingerprint by secret name; unset ones are left out. */
  public Map<String, String> of(Topology t) {
    Map<String, String> out = new TreeMap<>();
    for (SecretRef ref : t.secrets()) {
      of(t.system(), ref.name()).ifPresent(fp -> out.put(ref.name(), fp));
    }
    return out;
  }

  /** The fingerprint of one secret on {@code system}, if it is set. */
  public Optional<String> of(String system, String secret) {
    String value;
    try {
      value = lookup.apply(secret);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not set: the guards that need it say so
    }
    if (value == null) {
      return Optional.empty();
    }
    synchronized (memo) {
      return Optional.of(
          memo.computeIfAbsent(
              system + "\u0000" + value, k -> SecretFingerprint.of(system, value)));
    }
  }
}
