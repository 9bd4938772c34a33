package dev.baton.drivers.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Identity files as ssh-keygen writes them today: which are used, and why one is not. */
class IdentitiesSshTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"ed25519, ssh-ed25519", "ecdsa, ecdsa-sha2-nistp256", "rsa, ssh-rsa"})
  void anUnencryptedOpenSshKeyFileOfEachTypeIsUsed(String type, String keyType) throws Exception {
    Path file = KeyFiles.keygen(dir.resolve("id_" + type), type, "");
    assertTrue(Files.readString(file).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));

    Identities ids = Identities.load(List.of(file));

    assertEquals(List.of(), ids.problems());
    assertEquals(1, ids.keys().size());
    assertEquals(keyType, KeyUtils.getKeyType(ids.keys().get(0)));
    String pub = Files.readString(Path.of(file + ".pub")).strip();
    assertEquals(
        pub.substring(0, pub.lastIndexOf(' ')),
        PublicKeyEntry.toString(ids.keys().get(0).getPublic()));
  }

  @Test
  void aPassphraseProtectedEd25519KeyIsASentenceThatNamesTheAgent() throws Exception {
    Path file = KeyFiles.keygen(dir.resolve("id_ed25519"), "ed25519", "secret words");

    Identities ids = Identities.load(List.of(file));

    assertEquals(List.of(), ids.keys());
    assertEquals(
        List.of(
            "cannot use identity file "
                + file
                + ": it is protected by a passphrase, which Baton does not support; load it into"
                + " ssh-agent instead"),
        ids.problems());
  }
}
