package dev.baton.drivers.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Strict host key checking against one known_hosts file for one host:port: a key that is not there,
 * or differs from the one there, is refused and never added.
 */
final class KnownHosts implements ServerKeyVerifier {

  private final Path file;
  private final String host;
  private final int port;
  private final AtomicReference<String> refusal = new AtomicReference<>();

  KnownHosts(Path file, String host, int port) {
    this.file = file;
    this.host = host;
    this.port = port;
  }

  /** Why the last key was refused, as a sentence; null when none was. */
  String refusal() {
    return refusal.get();
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
    String why = check(key);
    refusal.set(why);
    return why == null;
  }

  /** Null when {@code key} is trusted, else the sentence that refuses it. */
  String check(PublicKey key) {
    List<KnownHostLine> lines;
    try {
      lines = matchingLines();
    } catch (IOException e) {
      return "cannot read known_hosts "
          + file
          + " to check the host key of "
          + target()
          + ": "
          + e.getMessage();
    }
    if (lines.stream().anyMatch(l -> l.revoked() && l.holds(key))) {
      return revoked(key);
    }
    if (lines.stream().anyMatch(l -> l.holds(key))) {
      return null;
    }
    String type = KeyUtils.getKeyType(key);
    for (KnownHostLine line : lines) {
      if (line.keyType().equals(type) && !line.revoked()) {
        return changed(key, line);
      }
    }
    return unknown(key, lines.stream().map(KnownHostLine::keyType).distinct().toList());
  }

  private List<KnownHostLine> matchingLines() throws IOException {
    List<String> text;
    try {
      text = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<KnownHostLine> lines = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      KnownHostLine line = KnownHostLine.parse(i + 1, text.get(i));
      if (line != null && line.matches(host, port)) {
        lines.add(line);
      }
    }
    return lines;
  }

  private String unknown(PublicKey key, List<String> otherTypes) {
    String others =
        otherTypes.isEmpty()
            ? ""
            : "; " + file + " has only " + String.join(", ", otherTypes) + " keys for it";
    return "host key of "
        + target()
        + " is not in known_hosts ("
        + describe(key)
        + ")"
        + others
        + "; verify it and add it with ssh-keyscan, Baton never trusts a key silently";
  }

  private String changed(PublicKey key, KnownHostLine line) {
    return "host key of "
        + target()
        + " has CHANGED: it presents "
        + describe(key)
        + " but "
        + file
        + " line "
        + line.number()
        + " holds "
        + line.fingerprint()
        + "; either the host was reinstalled or someone is in the middle, so Baton refuses it;"
        + " verify the new key, then replace the line (ssh-keygen -R '"
        + pattern()
        + "' and ssh-keyscan)";
  }

  private String revoked(PublicKey key) {
    return "host key of "
        + target()
        + " ("
        + describe(key)
        + ") is marked @revoked in "
        + file
        + "; Baton refuses it";
  }

  private String target() {
    return host + ":" + port;
  }

  private String pattern() {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  static String describe(PublicKey key) {
    return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
  }
}
