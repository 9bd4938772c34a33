package dev.baton.testkit.dual;

import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.Timing;
import dev.baton.testkit.pg.LocalPgCluster;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import dev.baton.testkit.pgbouncer.LocalPgBouncer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Seed 002's two-sided system on real parts: PostgreSQL 16 servers pg-a on 127.0.10.1 and pg-b on
 * 127.0.10.2 (one port for both), databases main and report replicated both ways by logical
 * replication, a PgBouncer per side (again one port on both addresses), a hosts file per side
 * ({@code side-a}, {@code side-b}) and one {@link SideClient} JVM per side that resolves names
 * through its side's file only. The 17 binaries are extracted too, for Baton's major upgrade.
 * Closing the lab stops clients, poolers and servers by their pids and deletes the root.
 */
public final class DualSideLab implements AutoCloseable {

  /** The environment variable the topology's {@code pgbouncer-admin} secret names. */
  public static final String ADMIN_PASSWORD_VARIABLE = "PGBOUNCER_ADMIN_PASSWORD";

  /** The marker Baton ends each line it adds to a hosts file with. */
  public static final String PIN_MARKER = "# baton-pin";

  /** Unix socket paths (root/pg-a/.s.PGSQL.NNNNN.lock) must stay under ~107 bytes. */
  private static final int MAX_ROOT_LENGTH = 70;

  /**
   * How long the lab waits for its parts, and how its clients run: {@code clientMaxRun} bounds a
   * client that is never stopped, {@code clientPause} spaces a client's writes.
   */
  public record Options(Duration syncWait, Duration clientMaxRun, Duration clientPause) {
    public static Options defaults() {
      return new Options(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMillis(10));
    }

    public Options withClientMaxRun(Duration d) {
      return new Options(syncWait, d, clientPause);
    }
  }

  private final Path root;
  private final Options options;
  private final int pgPort;
  private final int bouncerPort;
  private final String adminPassword = LocalPgBouncer.randomPassword();
  private final Map<Side, LocalPgCluster> servers = new EnumMap<>(Side.class);
  private final Map<Side, LocalPgBouncer> bouncers = new EnumMap<>(Side.class);
  private final Map<Side, Process> clients = new EnumMap<>(Side.class);
  private final List<Long> startedPids = new ArrayList<>();
  private PgBinaries bin16;
  private PgBinaries bin17;

  private DualSideLab(Path root, Options options, int pgPort, int bouncerPort) {
    this.root = root;
    this.options = options;
    this.pgPort = pgPort;
    this.bouncerPort = bouncerPort;
  }

  /** A lab under a fresh directory in /tmp (short, so socket paths fit). */
  public static DualSideLab start() {
    try {
      return start(Files.createTempDirectory(Path.of("/tmp"), "bdual-"), Options.defaults());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a lab directory under /tmp", e);
    }
  }

  public static DualSideLab start(Path root) {
    return start(root, Options.defaults());
  }

  /**
   * Starts the whole lab under {@code root} (created if missing; it and its parents must be
   * traversable by the postgres user) and returns once replication streams both ways and both
   * poolers answer. Clients are started separately, with {@link #startClient}.
   */
  public static DualSideLab start(Path root, Options options) {
    Path dir = root.toAbsolutePath();
    if (dir.toString().length() > MAX_ROOT_LENGTH) {
      throw new IllegalArgumentException(
          "the lab root "
              + dir
              + " is too long for PostgreSQL's Unix socket path: use one of at most "
              + MAX_ROOT_LENGTH
              + " characters, e.g. under /tmp");
    }
    String a = Side.A.address();
    String b = Side.B.address();
    int pgPort = Ports.freeOnAll(a, b);
    // Nothing holds pgPort yet, so the kernel may offer it again; it rarely does twice.
    int bouncerPort = Ports.freeOnAll(a, b);
    for (int tries = 0; bouncerPort == pgPort && tries < 10; tries++) {
      bouncerPort = Ports.freeOnAll(a, b);
    }
    if (bouncerPort == pgPort) {
      throw new IllegalStateException(
          "found no second free port beside " + pgPort + " in 10 tries");
    }
    DualSideLab lab = new DualSideLab(dir, options, pgPort, bouncerPort);
    try {
      lab.build();
      return lab;
    } catch (RuntimeException | SQLException | IOException e) {
      try {
        lab.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the dual-side lab did not start: " + e.getMessage(), e);
    }
  }

  private void build() throws SQLException, IOException {
    Files.createDirectories(root);
    PgProcess.giveToPostgres(root);
    bin16 = PgBinaries.zonky16();
    bin17 = PgBinaries.zonky17();
    for (Side s : Side.values()) {
      LocalPgCluster c =
          LocalPgCluster.initPrimary(root, "pg-" + s.lower(), bin16, s.address(), pgPort);
      servers.put(s, c);
      c.appendSettings(
          String.join(
              "\n",
              "wal_level = logical",
              "max_wal_senders = 20",
              "max_replication_slots = 20",
              "max_logical_replication_workers = 10",
              "max_worker_processes = 20",
              "wal_keep_size = '256MB'"));
      c.start();
      c.postmasterPid().ifPresent(startedPids::add);
      LabDatabases.create(c);
      Path backups = backupDir(s);
      Files.createDirectories(backups);
      PgProcess.giveToPostgres(backups.getParent());
      PgProcess.giveToPostgres(backups);
    }
    LabDatabases.replicateBothWays(servers, options.syncWait());
    for (Side s : Side.values()) {
      startBouncer(s);
      writeHostsFile(s);
    }
  }

  private void startBouncer(Side s) {
    Map<String, String> dbs = new LinkedHashMap<>();
    for (String db : LabDatabases.NAMES) {
      dbs.put(db, "host=%s port=%d dbname=%s".formatted(s.address(), pgPort, db));
    }
    LocalPgBouncer b =
        LocalPgBouncer.start(
            new LocalPgBouncer.Layout(
                root.resolve("bouncer-" + s.lower()), s.address(), bouncerPort, dbs, adminPassword),
            LocalPgBouncer.Settings.defaults());
    bouncers.put(s, b);
    b.processes().forEach(p -> startedPids.add(p.pid()));
  }

  private void writeHostsFile(Side s) throws IOException {
    StringBuilder text = new StringBuilder("# dual-side lab: the names side ");
    text.append(s).append("'s clients resolve (-Djdk.net.hosts.file)\n");
    for (Side named : Side.values()) {
      text.append(named.address()).append(' ').append(named.hostName()).append('\n');
    }
    Files.writeString(hostsFile(s.name()), text);
  }

  // ---- clients ----

  /**
   * Starts side {@code side}'s client JVM, which resolves names through its side's hosts file and
   * appends its writes to {@link #writesFile}; a client started again goes on where it stopped.
   */
  public synchronized void startClient(String side) {
    Side s = Side.of(side);
    Process running = clients.get(s);
    if (running != null && running.isAlive()) {
      throw new IllegalStateException("side " + s + "'s client is running already");
    }
    try {
      Files.deleteIfExists(stopFile(s));
      Path log = root.resolve("client-" + s.lower() + ".log");
      ProcessBuilder pb = new ProcessBuilder(clientCommand(s));
      pb.directory(root.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process p = pb.start();
      clients.put(s, p);
      startedPids.add(p.pid());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start side " + s + "'s client", e);
    }
  }

  private List<String> clientCommand(Side s) {
    String hosts =
        s.hostName() + ":" + bouncerPort + "," + s.other().hostName() + ":" + bouncerPort;
    List<String> command = new ArrayList<>(javaResolvingThrough(hostsFile(s.name())));
    command.addAll(
        List.of(
            SideClient.class.getName(),
            "--side",
            s.name(),
            "--hosts",
            hosts,
            "--out",
            writesFile(s.name()).toString(),
            "--stop",
            stopFile(s).toString(),
            "--max-seconds",
            Long.toString(options.clientMaxRun().toSeconds()),
            "--pause-ms",
            Long.toString(options.clientPause().toMillis())));
    return command;
  }

  /**
   * A JVM, with this JVM's classpath, that resolves every name through {@code hostsFile} alone and
   * keeps no answer: the main class and its arguments follow.
   */
  static List<String> javaResolvingThrough(Path hostsFile) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-Djdk.net.hosts.file=" + hostsFile,
        "-Dsun.net.inetaddr.ttl=0",
        "-Dsun.net.inetaddr.negative.ttl=0",
        "-cp",
        System.getProperty("java.class.path"));
  }

  /** Waits until side {@code side}'s client has {@code count} acknowledged writes in all. */
  public void awaitAcknowledged(String side, int count, Duration bound) {
    Poll.until(
        bound,
        count + " acknowledged writes of side " + side,
        () -> writes(side).stream().filter(SideWrite::acknowledged).count() >= count);
  }

  /**
   * Stops both clients: the stop file first, then, if a client has not exited within 10 s (scaled),
   * its pid is killed.
   */
  public synchronized void stopClients() {
    for (Side s : Side.values()) {
      Process p = clients.get(s);
      if (p == null || !p.isAlive()) {
        continue;
      }
      try {
        Files.writeString(stopFile(s), "stop\n");
      } catch (IOException e) {
        // The kill below still stops it.
      }
    }
    for (Side s : Side.values()) {
      Process p = clients.get(s);
      if (p != null && !waitFor(p, Timing.seconds(10))) {
        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
        waitFor(p, Timing.seconds(10));
      }
    }
  }

  private static boolean waitFor(Process p, Duration bound) {
    try {
      return p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Every write side {@code side}'s client attempted so far, over all its runs. */
  public List<SideWrite> writes(String side) {
    return SideWrites.read(writesFile(side));
  }

  public Path writesFile(String side) {
    return root.resolve("writes-" + Side.of(side).lower() + ".txt");
  }

  private Path stopFile(Side s) {
    return root.resolve("stop-" + s.lower());
  }

  // ---- the servers ----

  /** Runs {@code query} on side {@code side}'s server, in database {@code db}, directly. */
  public SqlResult sql(String side, String db, String query) throws SQLException {
    return LabDatabases.run(server(side), db, query);
  }

  /** The table of {@code db} on side {@code side}'s server: id to side and note. */
  public Map<Long, Snapshot.Row> rows(String side, String db) throws SQLException {
    SqlResult r = sql(side, db, "SELECT id, side, note FROM " + LabDatabases.table(db));
    Map<Long, Snapshot.Row> rows = new TreeMap<>();
    for (List<String> row : r.rows()) {
      rows.put(Long.parseLong(row.get(0)), new Snapshot.Row(row.get(1), row.get(2)));
    }
    return rows;
  }

  /** Both tables on side {@code side}'s server, by table name. */
  public Snapshot snapshot(String side) throws SQLException {
    Map<String, Map<Long, Snapshot.Row>> tables = new TreeMap<>();
    for (String db : LabDatabases.NAMES) {
      tables.put(LabDatabases.table(db), rows(side, db));
    }
    return new Snapshot(tables);
  }

  public LocalPgCluster server(String side) {
    return servers.get(Side.of(side));
  }

  public LocalPgBouncer bouncer(String side) {
    return bouncers.get(Side.of(side));
  }

  /** {@code address:port} of side {@code side}'s server, as a write line records its server. */
  public String serverAddress(String side) {
    return Side.of(side).address() + ":" + pgPort;
  }

  public Path hostsFile(String side) {
    return root.resolve("hosts-" + Side.of(side).lower());
  }

  /** Where Baton may keep base backups of side {@code side}'s server. */
  public Path backupDir(String side) {
    return backupDir(Side.of(side));
  }

  private Path backupDir(Side s) {
    return root.resolve("backups").resolve("pg-" + s.lower());
  }

  public int pgPort() {
    return pgPort;
  }

  public int bouncerPort() {
    return bouncerPort;
  }

  public Path root() {
    return root;
  }

  /** The PgBouncer admin user's password (both poolers share it); never log it. */
  public String adminPassword() {
    return adminPassword;
  }

  /** The file the topology's secret names, readable by its owner only; written on first use. */
  public synchronized Path secretFile() {
    Path f = root.resolve("pgbouncer-admin.secret");
    try {
      if (!Files.exists(f)) {
        Files.writeString(f, adminPassword);
        Files.setPosixFilePermissions(
            f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
    return f;
  }

  /** The environment a Baton started as a child process could read the secret from. */
  public Map<String, String> secretEnvironment() {
    return Map.of(ADMIN_PASSWORD_VARIABLE, adminPassword);
  }

  public PgBinaries binaries16() {
    return bin16;
  }

  public PgBinaries binaries17() {
    return bin17;
  }

  /**
   * Every pid the lab started that is still alive: clients, poolers, postmasters (also those a
   * restart gave a new pid), and any process whose command line names the root.
   */
  public List<Long> livePids() {
    List<Long> pids = new ArrayList<>(startedPids);
    servers.values().forEach(c -> c.postmasterPid().ifPresent(pids::add));
    bouncers.values().forEach(b -> b.processes().forEach(p -> pids.add(p.pid())));
    pids.addAll(PgProcess.livePidsMentioning(root.toString()));
    return pids.stream().distinct().filter(PgProcess::isAlive).toList();
  }

  // ---- the topology ----

  /** Writes {@link #topologyYaml()} to {@code file} and returns it. */
  public Path writeTopology(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.writeString(file, topologyYaml());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lab's topology to " + file, e);
    }
  }

  /** Baton's topology of this lab: two nodes, a server and a pooler on each, two links. */
  public String topologyYaml() {
    StringBuilder y = new StringBuilder();
    y.append("system: dual-lab\n");
    y.append("driver: postgresql\n");
    y.append("roleModel: active-standby\n");
    y.append("sides:\n");
    for (Side s : Side.values()) {
      y.append("  - {name: ").append(s).append(", order: ").append(s.ordinal() + 1).append("}\n");
    }
    y.append("nodes:\n");
    for (Side s : Side.values()) {
      y.append("  - {name: node-")
          .append(s.lower())
          .append(", side: ")
          .append(s)
          .append(", transport: local, host: ")
          .append(s.hostName())
          .append("}\n");
    }
    y.append("components:\n");
    for (Side s : Side.values()) {
      component(y, "pg-" + s.lower(), s, "postgresql", bin16.version(), 1, serverProperties(s));
      component(y, "bouncer-" + s.lower(), s, "pgbouncer", null, 2, bouncerProperties(s));
    }
    y.append("replication:\n");
    List<String> linkOrder = List.of("report", "main");
    for (int i = 0; i < linkOrder.size(); i++) {
      y.append("  - {name: ")
          .append(linkOrder.get(i))
          .append(", from: pg-a, to: pg-b, kind: logical, bidirectional: true, order: ")
          .append(i + 1)
          .append("}\n");
    }
    y.append("secrets:\n");
    // A file, so that Baton run in this JVM (no environment of its own) reads it too.
    y.append("  - {name: pgbouncer-admin, ref: \"file:").append(secretFile()).append("\"}\n");
    return y.toString();
  }

  private static void component(
      StringBuilder y,
      String name,
      Side s,
      String kind,
      String version,
      int order,
      Map<String, String> properties) {
    y.append("  - name: ").append(name).append('\n');
    y.append("    node: node-").append(s.lower()).append('\n');
    y.append("    kind: ").append(kind).append('\n');
    if (version != null) {
      y.append("    version: ").append(quote(version)).append('\n');
    }
    y.append("    order: ").append(order).append('\n');
    y.append("    properties:\n");
    properties.forEach(
        (k, v) -> y.append("      ").append(k).append(": ").append(quote(v)).append('\n'));
  }

  private Map<String, String> serverProperties(Side s) {
    LocalPgCluster c = servers.get(s);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("host", s.address());
    p.put("port", Integer.toString(pgPort));
    p.put("dataDir", c.dataDir().toString());
    p.put("socketDir", c.dir().toString());
    p.put("osUser", PgProcess.OS_USER);
    p.put("dbUser", "postgres");
    p.put("database", "postgres");
    p.put("bin." + bin16.version(), bin16.binDir().toString());
    p.put("bin." + bin17.version(), bin17.binDir().toString());
    // pg_controldata and pg_ctl's helpers; Debian's 15 tools read 16 and 17 control files.
    p.put("toolsDir", PgBinaries.DEBIAN_BIN.toString());
    p.put("backupDir", backupDir(s).toString());
    p.put("logFile", c.logFile().toString());
    p.put("hostsFile", hostsFile(s.name()).toString());
    return p;
  }

  private Map<String, String> bouncerProperties(Side s) {
    LocalPgBouncer b = bouncers.get(s);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("host", s.address());
    p.put("port", Integer.toString(bouncerPort));
    p.put("adminUser", LocalPgBouncer.ADMIN);
    p.put("adminPassword", "pgbouncer-admin");
    p.put("databases", String.join(",", LabDatabases.NAMES));
    p.put("config", b.config().toString());
    return p;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  // ---- closing ----

  /** Stops the clients, the poolers and the servers by their pids, then deletes the root. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    List<AutoCloseable> parts = new ArrayList<>();
    parts.add(this::stopClients);
    parts.addAll(bouncers.values());
    parts.addAll(servers.values());
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("the dual-side lab did not close cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    Dirs.deleteTree(root);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "dual-side lab in "
        + root
        + " (PostgreSQL on port "
        + pgPort
        + ", PgBouncer on "
        + bouncerPort
        + ")";
  }
}
