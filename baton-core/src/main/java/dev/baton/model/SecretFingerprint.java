package dev.baton.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A short, slow fingerprint of a secret, so two secrets can be compared in facts, the journal and
 * reports without either value ever being written down. PBKDF2 salted with the system's name makes
 * a fingerprint useless on another system and costly to guess from (see ADR 0013).
 */
public final class SecretFingerprint {

  private static final int ITERATIONS = 20_000;
  private static final int BITS = 64;

  private SecretFingerprint() {}

  /** {@code pbkdf2:} and 16 hex digits, the same for the same system and value. */
  public static String of(String system, String value) {
    try {
      PBEKeySpec spec =
          new PBEKeySpec(
              value.toCharArray(),
              ("baton-fingerprint:" + system).getBytes(StandardCharsets.UTF_8),
              ITERATIONS,
              BITS);
      byte[] key =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      spec.clearPassword();
      return "pbkdf2:" + HexFormat.of().formatHex(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }
}
