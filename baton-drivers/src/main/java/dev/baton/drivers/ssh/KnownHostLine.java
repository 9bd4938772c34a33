package dev.baton.drivers.ssh;

import java.security.PublicKey;
import java.util.Arrays;
import org.apache.sshd.client.config.hosts.HostPatternsHolder;
import org.apache.sshd.client.config.hosts.KnownHostHashValue;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One known_hosts line: an optional marker, host patterns (plain or hashed), a key type and the key
 * (null when this build cannot decode that key type).
 */
record KnownHostLine(int number, String marker, String hosts, String keyType, PublicKey key) {

  /** The line, or null for a blank line, a comment or a line too short to be an entry. */
  static KnownHostLine parse(int number, String text) {
    String line = text.strip();
    if (line.isEmpty() || line.startsWith("#")) {
      return null;
    }
    String[] f = line.split("\\s+");
    int i = f[0].startsWith("@") ? 1 : 0;
    if (f.length < i + 3) {
      return null;
    }
    String marker = i == 1 ? f[0] : null;
    return new KnownHostLine(number, marker, f[i], f[i + 1], decode(f[i + 1], f[i + 2]));
  }

  private static PublicKey decode(String type, String data) {
    try {
      return AuthorizedKeyEntry.parseAuthorizedKeyEntry(type + " " + data)
          .resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
    } catch (Exception e) {
      // A key type this build cannot decode still names the host; it just never matches.
      return null;
    }
  }

  boolean matches(String host, int port) {
    if ("@cert-authority".equals(marker)) {
      return false;
    }
    if (hosts.startsWith("|")) {
      KnownHostHashValue hashed = KnownHostHashValue.parse(hosts);
      return hashed != null && hashed.isHostMatch(host, port);
    }
    return HostPatternsHolder.isHostMatch(
        host, port, HostPatternsHolder.parsePatterns(Arrays.asList(hosts.split(","))));
  }

  boolean holds(PublicKey presented) {
    return key != null && KeyUtils.compareKeys(key, presented);
  }

  boolean revoked() {
    return "@revoked".equals(marker);
  }

  String fingerprint() {
    return key == null ? keyType + " (unreadable)" : KeyUtils.getFingerPrint(key);
  }
}
