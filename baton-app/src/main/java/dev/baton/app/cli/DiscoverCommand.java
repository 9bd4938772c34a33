package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.Secrets;
import dev.baton.drivers.postgresql.PgDiscovery;
import dev.baton.drivers.ssh.SshSettings;
import dev.baton.drivers.ssh.SshTransport;
import dev.baton.drivers.transport.LocalTransport;
import dev.baton.drivers.transport.Transport;
import dev.baton.model.Node;
import dev.baton.topology.TopologyLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton discover}: a running PostgreSQL pair, written as a topology. */
@Command(
    mixinStandardHelpOptions = true,
    name = "discover",
    description = "Write the topology of a running PostgreSQL pair, found from either member.",
    footer = {
      "",
      "Connects to the member given, finds the other one (the standby's WAL receiver names its",
      "primary; a primary's standby is found among the postmasters on the host it connects from),",
      "reads each member's files, OS user and binaries through its host's transport, and writes a",
      "topology that validates, with DECIDE comments where a human must choose.",
      "",
      "Example:",
      "  baton discover --host 127.0.0.1 --port 5432 --user postgres --out pg-pair.yaml",
      "  baton discover --host db1.example.com --transport ssh --ssh-user root \\",
      "      --password env:PGPASSWORD --out pg-pair.yaml"
    })
public final class DiscoverCommand implements Callable<Integer> {

  @Option(names = "--host", required = true, description = "Host of either member.")
  String host;

  @Option(names = "--port", defaultValue = "5432", description = "Its port (default 5432).")
  int port;

  @Option(
      names = "--user",
      defaultValue = "postgres",
      description = "A superuser to connect as (default postgres).")
  String user;

  @Option(
      names = "--database",
      defaultValue = "postgres",
      description = "The database to connect to (default postgres).")
  String database;

  @Option(
      names = "--password",
      paramLabel = "REF",
      description = "Where the password is: env:NAME or file:PATH, never the password itself.")
  String password;

  @Option(
      names = "--standby",
      paramLabel = "HOST:PORT",
      description = "The standby, when given the primary and it cannot be found on its host.")
  String standby;

  @Option(
      names = "--system",
      defaultValue = "pg-pair",
      description = "The system's name in the topology (default pg-pair).")
  String system;

  @Option(
      names = "--transport",
      defaultValue = "local",
      description = "How to reach the hosts: local (Baton runs on them) or ssh (default local).")
  String transport;

  @Option(names = "--ssh-user", defaultValue = "root", description = "SSH user (default root).")
  String sshUser;

  @Option(names = "--ssh-port", defaultValue = "22", description = "SSH port (default 22).")
  int sshPort;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the topology here (never over an existing file); default: print it.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!transport.equals("local") && !transport.equals("ssh")) {
      throw new UsageException("--transport " + transport + ": expected local or ssh");
    }
    if (standby != null && !standby.matches(".+:\\d{1,5}")) {
      throw new UsageException("--standby " + standby + ": expected HOST:PORT");
    }
    if (port < 1 || port > 65535 || sshPort < 1 || sshPort > 65535) {
      throw new UsageException("ports run from 1 to 65535");
    }
    if (!system.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new UsageException(
          "--system " + system + ": lower-case letters, digits and dashes, up to 63");
    }
    if (out != null && Files.exists(out)) {
      throw new UsageException(out + " exists; discover never overwrites: choose another --out");
    }
    if (out != null
        && out.toAbsolutePath().getParent() != null
        && !Files.isDirectory(out.toAbsolutePath().getParent())) {
      throw new UsageException("the directory of --out " + out + " does not exist");
    }
    Optional<String> pw =
        password == null ? Optional.empty() : Optional.of(Secrets.resolve("--password", password));
    SshSettings ssh = dev.baton.app.wiring.Drivers.sshFromEnvironment();
    Map<String, Transport> open = new HashMap<>();
    try {
      PgDiscovery d =
          new PgDiscovery(
              new PgDiscovery.Request(
                  host,
                  port,
                  user,
                  database,
                  pw,
                  Optional.ofNullable(standby),
                  transport.equals("ssh")
                      ? Optional.of(new PgDiscovery.SshLogin(sshUser, sshPort))
                      : Optional.empty()),
              h -> open.computeIfAbsent(h, at -> transportTo(at, ssh)));
      String yaml;
      try {
        yaml = d.discover(system, Optional.ofNullable(password));
      } catch (IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
      // What discover writes must validate; if it does not, that is Baton's bug, not the user's.
      TopologyLoader.parse(yaml, out == null ? "(discovered)" : out.toString());
      if (out == null) {
        System.out.print(yaml);
      } else {
        write(out, yaml);
        System.out.println("wrote " + out + "; next: baton check " + out);
      }
      return 0;
    } finally {
      open.values().forEach(Transport::close);
    }
  }

  private Transport transportTo(String h, SshSettings ssh) {
    if (transport.equals("local")) {
      if (!local(h)) {
        throw new IllegalStateException(
            "a member runs on "
                + h
                + ", which is not this host: discover reaches other hosts with --transport ssh");
      }
      return new LocalTransport();
    }
    return new SshTransport(
        new Node("discover-" + h, "A", dev.baton.model.Transport.SSH, h, sshPort, sshUser), ssh);
  }

  private boolean local(String h) {
    try {
      InetAddress a = InetAddress.getByName(h);
      return a.isLoopbackAddress()
          || h.equals(host)
          || java.net.NetworkInterface.getByInetAddress(a) != null;
    } catch (UnknownHostException | java.net.SocketException e) {
      return false;
    }
  }

  private static void write(Path out, String yaml) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".discover", ".yaml");
    try {
      Files.writeString(tmp, yaml);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
