package dev.baton.drivers.ssh;

import dev.baton.engine.DriverException;
import dev.baton.model.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/**
 * Opens an authenticated SSH session to one node: resolves the ssh config alias, checks the host
 * key against known_hosts, and logs in with public keys only.
 */
final class SshConnector {

  private static final int SSH_PORT = 22;

  private final Node node;
  private final SshSettings settings;

  SshConnector(Node node, SshSettings settings) {
    this.node = node;
    this.settings = settings;
  }

  ClientSession open() throws DriverException {
    HostConfigEntry target = resolve();
    List<Path> identityFiles = new ArrayList<>(settings.identityFiles());
    identityFiles.addAll(configIdentities(target));
    Identities identities = Identities.load(identityFiles);
    KnownHosts knownHosts =
        new KnownHosts(settings.knownHostsFile(), target.getHostName(), target.getPort());
    ClientSession session = connect(target, knownHosts);
    identities.keys().forEach(session::addPublicKeyIdentity);
    try {
      session.auth().verify(settings.connectTimeout());
      return session;
    } catch (IOException e) {
      session.close(true);
      throw refusal(knownHosts, target, identityFiles, identities, e);
    }
  }

  /** The node's host, port and user, completed by its ssh config block if it has one. */
  HostConfigEntry resolve() throws DriverException {
    // The topology gives SSH nodes port 22 when it names none, so 22 lets the config decide.
    int port = node.port() == SSH_PORT ? 0 : node.port();
    String user = node.user() == null || node.user().isBlank() ? null : node.user();
    HostConfigEntry entry = fromConfig(port, user);
    if (entry == null) {
      entry = new HostConfigEntry(node.host(), node.host(), port, user);
    }
    if (entry.getHostName() == null || entry.getHostName().isBlank()) {
      entry.setHostName(node.host());
    }
    entry.setPort(port > 0 ? port : entry.getPort() > 0 ? entry.getPort() : SSH_PORT);
    String login = user != null ? user : entry.getUsername();
    entry.setUsername(login == null || login.isBlank() ? System.getProperty("user.name") : login);
    return entry;
  }

  private HostConfigEntry fromConfig(int port, String user) throws DriverException {
    Path config = settings.configFile();
    if (config == null || !Files.isRegularFile(config)) {
      return null;
    }
    try {
      return new ConfigFileHostEntryResolver(config)
          .resolveEffectiveHost(node.host(), port, null, user, null, null);
    } catch (IOException e) {
      throw new DriverException(
          "cannot read the ssh config "
              + config
              + " for node "
              + node.name()
              + ": "
              + e.getMessage(),
          "");
    }
  }

  // Identity files named in the config block are loaded with the others, so a file that cannot be
  // used is reported the same way; MINA is given none to load itself.
  private static List<Path> configIdentities(HostConfigEntry entry) throws DriverException {
    List<Path> files = new ArrayList<>();
    for (String id : entry.getIdentities()) {
      try {
        files.add(
            Path.of(
                HostConfigEntry.resolveIdentityFilePath(
                    id, entry.getHostName(), entry.getPort(), entry.getUsername())));
      } catch (IOException e) {
        throw new DriverException("cannot resolve IdentityFile " + id + ": " + e.getMessage(), "");
      }
    }
    entry.setIdentities(List.of());
    return files;
  }

  private ClientSession connect(HostConfigEntry target, KnownHosts knownHosts)
      throws DriverException {
    Map<AttributeKey<?>, Object> context = new HashMap<>();
    context.put(SharedSshClient.KNOWN_HOSTS, knownHosts);
    if (settings.useAgent()) {
      context.put(SharedSshClient.AGENT_SOCKET, settings.agentSocket());
    }
    try {
      return SharedSshClient.get()
          .connect(target, AttributeRepository.ofAttributesMap(context), null)
          .verify(settings.connectTimeout())
          .getSession();
    } catch (IOException e) {
      if (knownHosts.refusal() != null) {
        throw new DriverException(knownHosts.refusal(), "");
      }
      throw new DriverException(
          "cannot connect to node " + node.name() + " at " + address(target) + ": " + cause(e), "");
    }
  }

  private DriverException refusal(
      KnownHosts knownHosts,
      HostConfigEntry target,
      List<Path> identityFiles,
      Identities identities,
      IOException e) {
    if (knownHosts.refusal() != null) {
      return new DriverException(knownHosts.refusal(), "");
    }
    if (!String.valueOf(e.getMessage()).contains("No more authentication methods")) {
      return new DriverException(
          "cannot log in to node " + node.name() + " at " + address(target) + ": " + cause(e), "");
    }
    String offered =
        "identity files: "
            + (identityFiles.isEmpty() ? "none" : identityFiles)
            + "; agent: "
            + (settings.useAgent() ? settings.agentSocket() : "not used");
    String problems =
        identities.problems().isEmpty() ? "" : "; " + String.join("; ", identities.problems());
    return new DriverException(
        "the SSH server of node "
            + node.name()
            + " at "
            + address(target)
            + " did not accept any key Baton offered for user "
            + target.getUsername()
            + " ("
            + offered
            + "); add the right public key to that user's authorized_keys"
            + problems,
        "");
  }

  /** The innermost message: MINA wraps "Connection refused" in two layers of its own. */
  private static String cause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t instanceof java.nio.channels.UnresolvedAddressException
        || t instanceof java.net.UnknownHostException) {
      return "the host name does not resolve";
    }
    if (t.getMessage() != null) {
      return t.getMessage();
    }
    // A class name is no sentence: "ConnectTimeoutException" reads as "connect timeout".
    return t.getClass()
        .getSimpleName()
        .replaceAll("(Exception|Error)$", "")
        .replaceAll("([a-z])([A-Z])", "$1 $2")
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static String address(HostConfigEntry target) {
    return target.getHostName() + ":" + target.getPort();
  }
}
