package dev.baton.drivers.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The one MINA SSH client of this process. Each connection carries its own known_hosts check and
 * agent socket in its connection context, so transports with different settings share it.
 */
final class SharedSshClient {

  static final AttributeKey<KnownHosts> KNOWN_HOSTS = new AttributeKey<>();
  static final AttributeKey<Path> AGENT_SOCKET = new AttributeKey<>();

  private static SshClient client;

  private SharedSshClient() {}

  static synchronized SshClient get() {
    if (client == null || !client.isOpen()) {
      client = create();
      client.start();
    }
    return client;
  }

  private static SshClient create() {
    SshClient c = SshClient.setUpDefaultClient();
    c.setServerKeyVerifier(SharedSshClient::verify);
    // Hosts are resolved per transport, from its own config file, before connecting.
    c.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    // Keys come only from a transport's settings, never from whatever ~/.ssh holds.
    c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    c.setAgentFactory(new AgentFactory());
    // Heartbeats notice a link that died without a reset, so a command does not wait forever.
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(c, Duration.ofSeconds(15));
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(c, 3);
    // Steps may wait hours at a gate; a session idle that long is still ours to reuse.
    CoreModuleProperties.IDLE_TIMEOUT.set(c, Duration.ZERO);
    return c;
  }

  private static boolean verify(
      ClientSession session, java.net.SocketAddress remote, java.security.PublicKey key) {
    KnownHosts knownHosts = context(session).getAttribute(KNOWN_HOSTS);
    // A connection opened without a known_hosts check is refused rather than trusted.
    return knownHosts != null && knownHosts.verifyServerKey(session, remote, key);
  }

  private static AttributeRepository context(Session session) {
    AttributeRepository context =
        session instanceof ClientSession cs ? cs.getConnectionContext() : null;
    return context == null ? AttributeRepository.ofAttributesMap(java.util.Map.of()) : context;
  }

  /** Hands MINA an agent client for the socket a connection names; no agent forwarding. */
  private static final class AgentFactory implements SshAgentFactory {

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
      return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) {
      Path socket = context(session).getAttribute(AGENT_SOCKET);
      try {
        return socket == null ? null : new AgentSocket(socket);
      } catch (java.io.IOException e) {
        // An agent that is gone must not stop the identity files from being tried.
        return null;
      }
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
      return null;
    }
  }
}
