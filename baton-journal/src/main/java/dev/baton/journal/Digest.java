package dev.baton.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over stored text fields, each written {@code S<utf8-length>:<text>;} or {@code N;} for
 * null. Hashing the stored text, not a re-serialisation, means any changed byte is caught and a
 * library upgrade cannot change what an old row hashes to.
 */
final class Digest {

  private Digest() {}

  static String of(String... fields) {
    MessageDigest digest = sha256();
    for (String field : fields) {
      feed(digest, field);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void feed(MessageDigest digest, String field) {
    if (field == null) {
      digest.update("N;".getBytes(StandardCharsets.UTF_8));
      return;
    }
    // The length prefix keeps field boundaries unambiguous: ("ab","c") never hashes as ("a","bc").
    byte[] text = field.getBytes(StandardCharsets.UTF_8);
    digest.update(("S" + text.length + ":").getBytes(StandardCharsets.UTF_8));
    digest.update(text);
    digest.update((byte) ';');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java runtime must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
