package dev.baton.drivers.transport;

import dev.baton.drivers.ssh.RemoteShell;
import dev.baton.drivers.ssh.SshSettings;
import dev.baton.drivers.ssh.SshTransport;
import dev.baton.model.Node;
import dev.baton.model.Topology;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One transport per node of a topology, opened on first use and shared across steps: local for
 * {@code transport: local}, SSH (strict known_hosts, keys or agent) for {@code transport: ssh},
 * with PowerShell as the remote shell when a product pack drives the system.
 */
public final class Transports implements AutoCloseable, Function<String, Transport> {

  private final Topology topology;
  private final SshSettings ssh;
  private final Map<String, Transport> open = new HashMap<>();
  private final CommandClock clock = new CommandClock();

  public Transports(Topology topology, SshSettings ssh) {
    this.topology = topology;
    this.ssh = ssh;
  }

  @Override
  public synchronized Transport apply(String nodeName) {
    return open.computeIfAbsent(
        nodeName,
        n ->
            create(
                topology
                    .node(n)
                    .orElseThrow(() -> new IllegalArgumentException("no node named " + n))));
  }

  private Transport create(Node node) {
    Transport t =
        switch (node.transport()) {
          case LOCAL -> new LocalTransport();
          case SSH -> new SshTransport(node, ssh, shellOf(topology));
        };
    return new MeteredTransport(t, clock);
  }

  /** Counts the commands run through these transports and the time they took. */
  public CommandClock clock() {
    return clock;
  }

  /**
   * The shell an SSH node runs commands with: the product packs drive Windows hosts (Windows
   * OpenSSH, then PowerShell), every other driver a POSIX host.
   */
  public static RemoteShell shellOf(Topology topology) {
    return "pack".equals(topology.driver()) ? RemoteShell.POWERSHELL : RemoteShell.POSIX;
  }

  @Override
  public synchronized void close() {
    open.values().forEach(Transport::close);
    open.clear();
  }
}
