package dev.baton.drivers.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where the SSH transport finds its trust and its keys: known_hosts, identity files, the agent
 * socket (null: no agent) and the ssh config file (null or missing: none), plus its time limits.
 */
public record SshSettings(
    Path knownHostsFile,
    List<Path> identityFiles,
    Path agentSocket,
    Path configFile,
    Duration connectTimeout,
    Duration defaultCommandTimeout) {

  public SshSettings {
    Objects.requireNonNull(knownHostsFile, "knownHostsFile");
    identityFiles = List.copyOf(identityFiles);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(defaultCommandTimeout, "defaultCommandTimeout");
  }

  /** What OpenSSH would use for the current user: ~/.ssh files and SSH_AUTH_SOCK if set. */
  public static SshSettings defaults() {
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    List<Path> identities =
        Stream.of("id_ed25519", "id_ecdsa", "id_rsa")
            .map(ssh::resolve)
            .filter(Files::isRegularFile)
            .toList();
    String agent = System.getenv("SSH_AUTH_SOCK");
    return new SshSettings(
        ssh.resolve("known_hosts"),
        identities,
        agent == null || agent.isBlank() ? null : Path.of(agent),
        ssh.resolve("config"),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30));
  }

  /**
   * The defaults, overridden by {@code BATON_SSH_KNOWN_HOSTS}, {@code BATON_SSH_IDENTITY} (a key
   * file) and {@code BATON_SSH_CONFIG} when they are set.
   */
  public static SshSettings fromEnvironment() {
    SshSettings s = defaults();
    String knownHosts = System.getenv("BATON_SSH_KNOWN_HOSTS");
    String identity = System.getenv("BATON_SSH_IDENTITY");
    String config = System.getenv("BATON_SSH_CONFIG");
    if (knownHosts != null && !knownHosts.isBlank()) {
      s = s.withKnownHosts(Path.of(knownHosts));
    }
    if (identity != null && !identity.isBlank()) {
      s = s.withIdentities(List.of(Path.of(identity)));
    }
    if (config != null && !config.isBlank()) {
      s = s.withConfigFile(Path.of(config));
    }
    String connect = System.getenv("BATON_SSH_CONNECT_TIMEOUT");
    if (connect != null && !connect.isBlank()) {
      s = s.withConnectTimeout(seconds("BATON_SSH_CONNECT_TIMEOUT", connect));
    }
    return s;
  }

  /** {@code 2s}, {@code 500ms} or a bare number of seconds, from 100 ms to 10 min. */
  static Duration seconds(String name, String text) {
    Duration d = dev.baton.model.Durations.parse(text).orElse(null);
    if (d == null || d.toMillis() < 100 || d.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          name + "='" + text + "' is not a timeout between 100ms and 600s; write e.g. 3s");
    }
    return d;
  }

  public SshSettings withConnectTimeout(Duration timeout) {
    return new SshSettings(
        knownHostsFile, identityFiles, agentSocket, configFile, timeout, defaultCommandTimeout);
  }

  /** Settings that trust only {@code knownHosts} and log in only with {@code identity}. */
  public static SshSettings of(Path knownHosts, Path identity) {
    return new SshSettings(
        knownHosts, List.of(identity), null, null, Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  public boolean useAgent() {
    return agentSocket != null;
  }

  public SshSettings withAgent(Path socket) {
    return new SshSettings(
        knownHostsFile, identityFiles, socket, configFile, connectTimeout, defaultCommandTimeout);
  }

  public SshSettings withIdentities(List<Path> files) {
    return new SshSettings(
        knownHostsFile, files, agentSocket, configFile, connectTimeout, defaultCommandTimeout);
  }

  public SshSettings withConfigFile(Path file) {
    return new SshSettings(
        knownHostsFile, identityFiles, agentSocket, file, connectTimeout, defaultCommandTimeout);
  }

  public SshSettings withKnownHosts(Path file) {
    return new SshSettings(
        file, identityFiles, agentSocket, configFile, connectTimeout, defaultCommandTimeout);
  }
}
