package dev.baton.drivers.ssh;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The key pairs read from identity files, and a sentence for each file that could not be used.
 * Passphrase-protected files are not supported: their keys belong in ssh-agent.
 */
record Identities(List<KeyPair> keys, List<String> problems) {

  static Identities load(List<Path> files) {
    List<KeyPair> keys = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        Iterable<KeyPair> found =
            SecurityUtils.loadKeyPairIdentities(
                null, NamedResource.ofName(file.toString()), in, null);
        found.forEach(keys::add);
      } catch (Exception e) {
        problems.add("cannot use identity file " + file + ": " + reason(e));
      }
    }
    return new Identities(List.copyOf(keys), List.copyOf(problems));
  }

  private static String reason(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (m.toLowerCase(java.util.Locale.ROOT).matches(".*(password|passphrase|encrypt).*")) {
      return "it is protected by a passphrase, which Baton does not support; load it into"
          + " ssh-agent instead";
    }
    return e instanceof java.nio.file.NoSuchFileException ? "no such file" : m;
  }
}
