package dev.baton.drivers.pooler;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding, as PostgreSQL and
 * PgBouncer speak it: the user name travels in the startup message, so the SCRAM one is empty.
 */
final class Scram {

  static final String MECHANISM = "SCRAM-SHA-256";

  private final String user;
  private final String password;
  private final String clientNonce;
  private String serverFirst;
  private byte[] saltedPassword;
  private String authMessage;

  Scram(String password) {
    this("", password, randomNonce());
  }

  /** {@code user} is empty for PostgreSQL and PgBouncer; the RFC's examples name one. */
  Scram(String user, String password, String clientNonce) {
    this.user = user;
    this.password = password;
    this.clientNonce = clientNonce;
  }

  private String clientFirstBare() {
    return "n=" + user + ",r=" + clientNonce;
  }

  /** The client-first message: no channel binding, an empty user name, our nonce. */
  String clientFirst() {
    return "n,," + clientFirstBare();
  }

  /** The client-final message, with the proof, for the server-first message. */
  String clientFinal(String serverFirst) throws GeneralSecurityException {
    this.serverFirst = serverFirst;
    Map<String, String> f = fields(serverFirst);
    String nonce = f.get("r");
    if (nonce == null
        || !nonce.startsWith(clientNonce)
        || f.get("s") == null
        || f.get("i") == null) {
      throw new GeneralSecurityException("the server's SCRAM challenge is malformed");
    }
    saltedPassword =
        hi(
            password.getBytes(StandardCharsets.UTF_8),
            Base64.getDecoder().decode(f.get("s")),
            Integer.parseInt(f.get("i")));
    String withoutProof = "c=biws,r=" + nonce;
    authMessage = clientFirstBare() + "," + serverFirst + "," + withoutProof;
    byte[] clientKey = hmac(saltedPassword, "Client Key");
    byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
  }

  /** Whether the server-final message proves that the server knows the password too. */
  boolean serverProven(String serverFinal) throws GeneralSecurityException {
    if (serverFirst == null) {
      return false;
    }
    String expected =
        Base64.getEncoder().encodeToString(hmac(hmac(saltedPassword, "Server Key"), authMessage));
    return expected.equals(fields(serverFinal).get("v"));
  }

  private static Map<String, String> fields(String message) {
    Map<String, String> out = new HashMap<>();
    for (String part : message.split(",")) {
      if (part.length() > 1 && part.charAt(1) == '=') {
        out.put(part.substring(0, 1), part.substring(2));
      }
    }
    return out;
  }

  /** Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256 and one block. */
  private static byte[] hi(byte[] password, byte[] salt, int iterations)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(password, "HmacSHA256"));
    mac.update(salt);
    byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
    byte[] out = u.clone();
    for (int i = 1; i < iterations; i++) {
      u = mac.doFinal(u);
      for (int j = 0; j < out.length; j++) {
        out[j] ^= u[j];
      }
    }
    return out;
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomNonce() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
