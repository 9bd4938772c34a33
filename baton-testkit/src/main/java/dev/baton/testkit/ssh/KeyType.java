package dev.baton.testkit.ssh;

import java.util.List;

/**
 * The types of key a {@link LocalSshd} can be given, with the ssh-keygen options that make each.
 */
public enum KeyType {
  /** ssh-keygen's default type today, and so the key most operators have. */
  ED25519("ssh-ed25519", List.of("-t", "ed25519")),
  ECDSA("ecdsa-sha2-nistp256", List.of("-t", "ecdsa", "-b", "256")),
  RSA("ssh-rsa", List.of("-t", "rsa", "-b", "3072"));

  private final String sshName;
  private final List<String> keygenOptions;

  KeyType(String sshName, List<String> keygenOptions) {
    this.sshName = sshName;
    this.keygenOptions = keygenOptions;
  }

  /** The name the SSH protocol and known_hosts give a key of this type. */
  public String sshName() {
    return sshName;
  }

  List<String> keygenOptions() {
    return keygenOptions;
  }
}
