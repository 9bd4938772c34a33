package dev.baton.testkit.pg;

import dev.baton.testkit.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A primary {@code pg-a} and its streaming standby {@code pg-b} under one fresh directory in /tmp;
 * closing the pair stops both servers and deletes the directory.
 */
public final class LocalPgPair implements AutoCloseable {

  /** Short, because Unix socket paths under the root are limited to ~107 bytes. */
  private static final Path TMP = Path.of("/tmp");

  private static final Duration READY = Duration.ofSeconds(30);

  private final Path root;
  private final LocalPgCluster a;
  private final LocalPgCluster b;

  private LocalPgPair(Path root, LocalPgCluster a, LocalPgCluster b) {
    this.root = root;
    this.a = a;
    this.b = b;
  }

  /** A pair on PostgreSQL 15.8, so that moving it to Debian's 15.x is a real minor upgrade. */
  public static LocalPgPair start() {
    return start(PgBinaries.zonky158());
  }

  /** Starts pg-a, clones pg-b from it, and returns once pg-b streams and has caught up. */
  public static LocalPgPair start(PgBinaries bin) {
    return start(bin, "127.0.0.1", Ports.free(), "127.0.0.1", Ports.free());
  }

  /**
   * A pair whose servers listen on two loopback addresses with one port, as two hosts would: a
   * client that resolves a name to an address (DNS redirection) reaches whichever it names.
   */
  public static LocalPgPair startOnAddresses(PgBinaries bin, String hostA, String hostB) {
    int port = Ports.free();
    return start(bin, hostA, port, hostB, port);
  }

  /**
   * How a pair replicates: {@code synchronous} makes every commit wait for the other server (both
   * servers name any standby in synchronous_standby_names); {@code archiveWal} archives WAL into
   * the pair's {@code wal-archive} directory, which both servers restore from (point-in-time
   * recovery needs it).
   */
  public record Options(boolean synchronous, boolean archiveWal) {
    public static Options defaults() {
      return new Options(false, false);
    }

    public Options withSynchronous(boolean on) {
      return new Options(on, archiveWal);
    }

    public Options withWalArchive(boolean on) {
      return new Options(synchronous, on);
    }
  }

  /** A pair on {@code bin} with the given replication options, on 127.0.0.1. */
  public static LocalPgPair start(PgBinaries bin, Options options) {
    return start(bin, "127.0.0.1", Ports.free(), "127.0.0.1", Ports.free(), options);
  }

  private static LocalPgPair start(
      PgBinaries bin, String hostA, int portA, String hostB, int portB) {
    return start(bin, hostA, portA, hostB, portB, Options.defaults());
  }

  /**
   * A pair whose primary pg-a runs inside {@code ns} and listens on the namespace ends of {@code
   * cluster} (its address in the topology, used by pg-b and Baton) and {@code clients} (a second
   * path, for clients that stay on pg-a's side when {@code cluster} is cut). pg-b runs on
   * 127.0.0.1. Stop the pair before closing the namespace.
   */
  public static LocalPgPair startWithPrimaryIn(
      PgBinaries bin,
      Options options,
      dev.baton.testkit.net.NetNamespace ns,
      dev.baton.testkit.net.NetNamespace.Link cluster,
      dev.baton.testkit.net.NetNamespace.Link clients) {
    return start(
        bin,
        cluster.nsAddress(),
        Ports.free(),
        "127.0.0.1",
        Ports.free(),
        options,
        a -> {
          a.useNamespace(ns.exec());
          a.allowClients("10.213.0.0/16");
          a.appendSettings(
              "listen_addresses = '" + cluster.nsAddress() + "," + clients.nsAddress() + "'");
        });
  }

  private static LocalPgPair start(
      PgBinaries bin, String hostA, int portA, String hostB, int portB, Options options) {
    return start(bin, hostA, portA, hostB, portB, options, a -> {});
  }

  private static LocalPgPair start(
      PgBinaries bin,
      String hostA,
      int portA,
      String hostB,
      int portB,
      Options options,
      java.util.function.Consumer<LocalPgCluster> primarySetup) {
    Path root = createRoot();
    LocalPgCluster a = null;
    LocalPgCluster b = null;
    try {
      a = LocalPgCluster.initPrimary(root, "pg-a", bin, hostA, portA);
      primarySetup.accept(a);
      if (options.synchronous()) {
        a.appendSettings("synchronous_standby_names = '*'");
      }
      if (options.archiveWal()) {
        Path archive = root.resolve("wal-archive");
        java.nio.file.Files.createDirectories(archive);
        PgProcess.giveToPostgres(archive);
        a.appendSettings(
            String.join(
                "\n",
                "archive_mode = on",
                "archive_command = 'test ! -f " + archive + "/%f && cp %p " + archive + "/%f'",
                "restore_command = 'cp " + archive + "/%f %p'",
                "archive_timeout = '60s'"));
      }
      a.start();
      b = LocalPgCluster.initStandby(root, "pg-b", bin, hostB, portB, a);
      LocalPgPair pair = new LocalPgPair(root, a, b);
      pair.createBackupDirs();
      pair.awaitStreaming(READY);
      return pair;
    } catch (java.io.IOException e) {
      closeQuietly(b, new RuntimeException(e));
      closeQuietly(a, new RuntimeException(e));
      Dirs.deleteTree(root);
      throw new java.io.UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeQuietly(b, e);
      closeQuietly(a, e);
      Dirs.deleteTree(root);
      throw e;
    }
  }

  private static Path createRoot() {
    try {
      Path root = Files.createTempDirectory(TMP, "bpg-");
      PgProcess.giveToPostgres(root);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory under " + TMP, e);
    }
  }

  private void createBackupDirs() {
    for (Path d : new Path[] {backupDir(a).getParent(), backupDir(a), backupDir(b)}) {
      try {
        Files.createDirectories(d);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + d, e);
      }
      PgProcess.giveToPostgres(d);
    }
  }

  private static void closeQuietly(LocalPgCluster c, RuntimeException failure) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Waits until pg-a streams to pg-b and pg-b has replayed everything it was sent. */
  public void awaitStreaming(Duration timeout) {
    a.awaitStreamingTo(b, timeout);
  }

  /** The server created as the primary; after a switchover it may be the standby. */
  public LocalPgCluster pgA() {
    return a;
  }

  /** The server created as the standby. */
  public LocalPgCluster pgB() {
    return b;
  }

  /** Where an archiving pair keeps its WAL (see {@link Options#archiveWal()}). */
  public Path walArchive() {
    return root.resolve("wal-archive");
  }

  public Path root() {
    return root;
  }

  /** Where Baton's driver may put base backups of {@code c}; owned by the postgres user. */
  public Path backupDir(LocalPgCluster c) {
    return root.resolve("backups").resolve(c.name());
  }

  /** A pgjdbc URL that finds whichever of the two servers is the primary, like an application. */
  public String multiHostUrl() {
    return "jdbc:postgresql://"
        + a.host()
        + ":"
        + a.port()
        + ","
        + b.host()
        + ":"
        + b.port()
        + "/postgres?user=postgres&targetServerType=primary"
        + "&connectTimeout=2&socketTimeout=5&loginTimeout=3&hostRecheckSeconds=0";
  }

  /** A Baton topology file describing this pair, for the postgresql driver. */
  public String topologyYaml() {
    return """
        system: pg-pair
        driver: postgresql
        roleModel: primary-replica
        sides:
          - name: A
          - name: B
        nodes:
          - name: node-a
            side: A
            transport: local
          - name: node-b
            side: B
            transport: local
        components:
        %s%s\
        replication:
          - name: pg-stream
            from: pg-a
            to: pg-b
            kind: streaming
        entryPoints:
          - name: pg-clients
            pointsAt: pg-a
            redirection: none
        """
        .formatted(component(a, "node-a", "primary"), component(b, "node-b", "replica"));
  }

  /** Writes {@link #topologyYaml()} as {@code pair.yaml} in {@code dir} and returns its path. */
  public Path writeTopology(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve("pair.yaml"), topologyYaml());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pair.yaml in " + dir, e);
    }
  }

  private String component(LocalPgCluster c, String node, String role) {
    StringBuilder s = new StringBuilder();
    s.append("  - name: ").append(c.name()).append('\n');
    s.append("    node: ").append(node).append('\n');
    s.append("    kind: postgresql\n");
    s.append("    version: ").append(quote(c.binaries().version())).append('\n');
    s.append("    roleGroup: pg\n");
    s.append("    role: ").append(role).append('\n');
    s.append("    properties:\n");
    properties(c)
        .forEach((k, v) -> s.append("      ").append(k).append(": ").append(quote(v)).append('\n'));
    return s.toString();
  }

  private Map<String, String> properties(LocalPgCluster c) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("host", c.host());
    p.put("port", Integer.toString(c.port()));
    p.put("dataDir", c.dataDir().toString());
    p.put("socketDir", c.dir().toString());
    p.put("logFile", c.logFile().toString());
    p.put("backupDir", backupDir(c).toString());
    p.put("osUser", PgProcess.OS_USER);
    // One bin.<version> per build the driver may move this server between.
    for (PgBinaries b :
        new PgBinaries[] {PgBinaries.zonky158(), PgBinaries.debian(), c.binaries()}) {
      p.put("bin." + b.version(), b.binDir().toString());
    }
    p.put("toolsDir", PgBinaries.debian().binDir().toString());
    return p;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Stops both servers and deletes the root directory. */
  @Override
  public void close() {
    try {
      b.close();
    } finally {
      try {
        a.close();
      } finally {
        Dirs.deleteTree(root);
      }
    }
  }
}
