package dev.baton.drivers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict host key checking: which known_hosts lines trust, refuse or do not speak for a key. */
class KnownHostsSshTest {

  @TempDir Path dir;

  private static PublicKey newKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair().getPublic();
  }

  /** An ssh-ed25519 key as the server would present it, from a key file ssh-keygen wrote. */
  private PublicKey ed25519Key(String name) throws Exception {
    Path file = KeyFiles.keygen(dir.resolve(name), "ed25519", "");
    return AuthorizedKeyEntry.parseAuthorizedKeyEntry(Files.readString(Path.of(file + ".pub")))
        .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
  }

  private KnownHosts knownHosts(String host, int port, String... lines) throws Exception {
    Path file = Files.writeString(dir.resolve("known_hosts"), String.join("\n", lines) + "\n");
    return new KnownHosts(file, host, port);
  }

  @Test
  void aKeyListedForTheHostOnPort22IsTrusted() throws Exception {
    PublicKey key = newKey();
    String line = "# a comment\n\nother,db-a,10.0.0.1 " + PublicKeyEntry.toString(key);
    assertNull(knownHosts("db-a", 22, line).check(key));
  }

  @Test
  void aPlainHostEntryDoesNotSpeakForAnotherPort() throws Exception {
    PublicKey key = newKey();
    String why = knownHosts("db-a", 2222, "db-a " + PublicKeyEntry.toString(key)).check(key);
    assertTrue(why.startsWith("host key of db-a:2222 is not in known_hosts"), why);
  }

  @Test
  void aRevokedKeyIsRefusedEvenWhenAnotherLineTrustsIt() throws Exception {
    PublicKey key = newKey();
    String entry = PublicKeyEntry.toString(key);
    String why = knownHosts("db-a", 22, "db-a " + entry, "@revoked * " + entry).check(key);
    assertTrue(why.contains("is marked @revoked"), why);
  }

  @Test
  void aCertificateAuthorityLineIsNotAHostKey() throws Exception {
    PublicKey key = newKey();
    String why =
        knownHosts("db-a", 22, "@cert-authority * " + PublicKeyEntry.toString(key)).check(key);
    assertTrue(why.contains("is not in known_hosts"), why);
  }

  @Test
  void aDifferentKeyOfTheSameTypeIsAChange() throws Exception {
    PublicKey key = newKey();
    String why = knownHosts("db-a", 22, "db-a " + PublicKeyEntry.toString(newKey())).check(key);
    assertTrue(why.startsWith("host key of db-a:22 has CHANGED"), why);
    assertTrue(why.contains("line 1"), why);
    assertTrue(why.contains("ssh-keygen -R 'db-a'"), why);
  }

  @Test
  void aMissingKnownHostsFileTrustsNothing() throws Exception {
    PublicKey key = newKey();
    String why = new KnownHosts(dir.resolve("absent"), "db-a", 22).check(key);
    assertEquals(
        "host key of db-a:22 is not in known_hosts ("
            + KnownHosts.describe(key)
            + "); verify it"
            + " and add it with ssh-keyscan, Baton never trusts a key silently",
        why);
  }

  @Test
  void anEd25519LineTrustsItsKey() throws Exception {
    PublicKey key = ed25519Key("host_key");
    String line = "db-a " + PublicKeyEntry.toString(key);
    assertTrue(line.startsWith("db-a ssh-ed25519 "), line);
    assertNull(knownHosts("db-a", 22, line).check(key));
  }

  @Test
  void anEd25519LineIsCheckedSoAnotherEd25519KeyIsAChange() throws Exception {
    PublicKey key = ed25519Key("host_key");
    PublicKey old = ed25519Key("old_host_key");
    String why = knownHosts("db-a", 22, "db-a " + PublicKeyEntry.toString(old)).check(key);
    assertTrue(
        why.startsWith("host key of db-a:22 has CHANGED: it presents ssh-ed25519 SHA256:"), why);
    assertTrue(why.contains("line 1 holds " + KnownHosts.describe(old).split(" ")[1]), why);
  }
}
