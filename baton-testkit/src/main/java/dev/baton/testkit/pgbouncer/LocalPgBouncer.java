package dev.baton.testkit.pgbouncer;

import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's, 1.18) on a free loopback port in front of a local pair, with its own
 * configuration, an admin user ({@code baton}, a random password, SCRAM), transaction pooling and
 * one database ({@code pgdb}, pointing at pg-a); or, through {@link #start(Layout, Settings)}, on a
 * chosen address and port with the databases a lab names. It runs as the postgres user; close()
 * stops it by the pid it wrote and deletes its files.
 */
public final class LocalPgBouncer implements AutoCloseable {

  public static final String DATABASE = "pgdb";
  public static final String ADMIN = "baton";

  private static final Path BINARY = Path.of("/usr/sbin/pgbouncer");
  private static final Duration START = Duration.ofSeconds(10);
  private static final Duration STOP = Duration.ofSeconds(5);

  /** How the pooler is set up: its pool mode and how long a client may wait for a server. */
  public record Settings(String poolMode, Duration queryWaitTimeout) {
    public static Settings defaults() {
      return new Settings("transaction", Duration.ofSeconds(10));
    }

    public Settings withPoolMode(String mode) {
      return new Settings(mode, queryWaitTimeout);
    }
  }

  /**
   * Where a PgBouncer keeps its files and listens, and what it serves: {@code databases} maps each
   * database name to its libpq connection string, e.g. {@code host=127.0.10.1 port=5432
   * dbname=main}. {@code dir} is created if missing and deleted on close.
   */
  public record Layout(
      Path dir, String listenAddress, int port, Map<String, String> databases, String password) {
    public Layout {
      databases = Map.copyOf(databases);
    }

    /** Without the password, which must never reach a log. */
    @Override
    public String toString() {
      return "Layout[" + dir + ", " + listenAddress + ":" + port + ", " + databases.keySet() + "]";
    }
  }

  private final Path dir;
  private final String listenAddress;
  private final int port;
  private final String password;
  private final Map<String, String> databases;
  private final LocalPgPair pair;

  private LocalPgBouncer(Layout layout, LocalPgPair pair) {
    this.dir = layout.dir();
    this.listenAddress = layout.listenAddress();
    this.port = layout.port();
    this.password = layout.password();
    this.databases = new TreeMap<>(layout.databases());
    this.pair = pair;
  }

  /** Whether Debian's pgbouncer is installed (bin/setup installs it). */
  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts PgBouncer in front of {@code pair}, pointing its database at pg-a. */
  public static LocalPgBouncer start(LocalPgPair pair) {
    return start(pair, Settings.defaults());
  }

  public static LocalPgBouncer start(LocalPgPair pair, Settings settings) {
    requireInstalled();
    Path dir;
    try {
      // Short, under /tmp, like the pair's; owned by postgres, who runs PgBouncer.
      dir = Files.createTempDirectory(Path.of("/tmp"), "bpgb-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for PgBouncer", e);
    }
    String target =
        "host=%s port=%d dbname=postgres".formatted(pair.pgA().host(), pair.pgA().port());
    Layout layout =
        new Layout(dir, "127.0.0.1", Ports.free(), Map.of(DATABASE, target), randomPassword());
    return start(new LocalPgBouncer(layout, pair), settings);
  }

  /**
   * Starts PgBouncer as {@code layout} says: a lab's own address, port, databases and admin
   * password. {@link #topology} and {@link #clientUrl} belong to the pair form only.
   */
  public static LocalPgBouncer start(Layout layout, Settings settings) {
    requireInstalled();
    try {
      Files.createDirectories(layout.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + layout.dir() + " for PgBouncer", e);
    }
    return start(new LocalPgBouncer(layout, null), settings);
  }

  /** A fresh admin password: 24 hex digits. */
  public static String randomPassword() {
    return HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
  }

  private static void requireInstalled() {
    if (!installed()) {
      throw new IllegalStateException(
          "PgBouncer is not installed at "
              + BINARY
              + ": run bin/setup (apt-get install pgbouncer)");
    }
  }

  private static LocalPgBouncer start(LocalPgBouncer b, Settings settings) {
    Path dir = b.dir;
    try {
      b.writeFiles(settings);
      PgProcess.giveToPostgres(dir);
      PgProcess.asPostgres(START, List.of(BINARY.toString(), "-d", b.config().toString()));
      b.awaitConsole();
      return b;
    } catch (RuntimeException | IOException e) {
      b.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private void writeFiles(Settings s) throws IOException {
    StringBuilder entries = new StringBuilder();
    databases.forEach(
        (name, target) -> entries.append(name).append(" = ").append(target).append('\n'));
    String ini =
        """
        [databases]
        %s
        [pgbouncer]
        listen_addr = %s
        listen_port = %d
        unix_socket_dir =
        auth_type = hba
        auth_file = %s
        auth_hba_file = %s
        admin_users = %s
        pool_mode = %s
        default_pool_size = 20
        max_client_conn = 200
        query_wait_timeout = %d
        server_login_retry = 1
        ignore_startup_parameters = extra_float_digits
        logfile = %s
        pidfile = %s
        """
            .formatted(
                entries,
                listenAddress,
                port,
                dir.resolve("users.txt"),
                dir.resolve("hba.conf"),
                ADMIN,
                s.poolMode(),
                s.queryWaitTimeout().toSeconds(),
                dir.resolve("pgbouncer.log"),
                dir.resolve("pgbouncer.pid"));
    Files.writeString(config(), ini);
    Files.writeString(
        dir.resolve("users.txt"), "\"" + ADMIN + "\" \"" + password + "\"\n\"postgres\" \"\"\n");
    // The admin proves its password (SCRAM); the workload's postgres user is trusted, as the
    // pair trusts it. Any loopback source: a client of 127.0.10.1 may come from 127.0.0.1.
    Files.writeString(
        dir.resolve("hba.conf"),
        "host pgbouncer "
            + ADMIN
            + " 127.0.0.0/8 scram-sha-256\n"
            + "host all postgres 127.0.0.0/8 trust\n");
    Files.writeString(passwordFile(), password);
    for (String f : List.of("pgbouncer.ini", "users.txt", "hba.conf", "admin.password")) {
      PgProcess.giveToPostgres(dir.resolve(f));
    }
  }

  private void awaitConsole() {
    Poll.until(
        START,
        "PgBouncer's admin console to answer SHOW VERSION",
        () ->
            !pid().isEmpty()
                && console("SHOW VERSION").stream().anyMatch(l -> l.contains("PgBouncer")));
  }

  /** Runs one admin console command with psql and returns its rows, fields joined by '|'. */
  public List<String> console(String command) {
    Psql r = psql(command);
    return r.ok() ? r.output().lines().toList() : List.of();
  }

  /**
   * Runs one admin console command (e.g. {@code KILL main}) and returns its rows; unlike {@link
   * #console} it throws, with psql's message, when the command fails.
   */
  public List<String> command(String command) {
    Psql r = psql(command);
    if (!r.ok()) {
      throw new IllegalStateException(
          "PgBouncer on "
              + listenAddress
              + ":"
              + port
              + " did not run '"
              + command
              + "': "
              + r.output().strip());
    }
    return r.output().lines().toList();
  }

  private record Psql(boolean ok, String output) {}

  private Psql psql(String command) {
    ProcessBuilder pb =
        new ProcessBuilder(
                "psql",
                "-h",
                listenAddress,
                "-p",
                Integer.toString(port),
                "-U",
                ADMIN,
                "-Atc",
                command,
                "pgbouncer")
            .redirectErrorStream(true);
    // In the environment, not the arguments, where anyone's ps would show it.
    pb.environment().put("PGPASSWORD", password);
    pb.environment().put("PGCONNECT_TIMEOUT", "2");
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Psql(false, "psql did not finish within 10 s");
      }
      return new Psql(p.exitValue() == 0, out);
    } catch (IOException e) {
      return new Psql(false, "cannot run psql: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Psql(false, "interrupted");
    }
  }

  /** The {@code host:port} the database points at now, as SHOW DATABASES says. */
  public String target() {
    return target(DATABASE);
  }

  /** The {@code host:port} {@code database} points at now, as SHOW DATABASES says. */
  public String target(String database) {
    return row("SHOW DATABASES", 0, database).map(f -> f[1] + ":" + f[2]).orElse("");
  }

  /** Whether SHOW DATABASES says the database is paused. */
  public boolean paused() {
    return paused(DATABASE);
  }

  /** Whether SHOW DATABASES says {@code database} is paused. */
  public boolean paused(String database) {
    return row("SHOW DATABASES", 0, database).map(f -> f[f.length - 2].equals("1")).orElse(false);
  }

  private java.util.Optional<String[]> row(String command, int nameColumn, String database) {
    return console(command).stream()
        .map(l -> l.split("\\|", -1))
        .filter(f -> f.length > nameColumn && f[nameColumn].equals(database))
        .findFirst();
  }

  /** The address it listens on. */
  public String listenAddress() {
    return listenAddress;
  }

  /** The databases it serves, by name, each with its libpq connection string. */
  public Map<String, String> databases() {
    return Map.copyOf(databases);
  }

  public int port() {
    return port;
  }

  public Path config() {
    return dir.resolve("pgbouncer.ini");
  }

  /** A file holding the admin password, for a topology's {@code file:} secret. */
  public Path passwordFile() {
    return dir.resolve("admin.password");
  }

  public Path log() {
    return dir.resolve("pgbouncer.log");
  }

  /**
   * The URL of a pgjdbc client that reaches the pair only through PgBouncer: transaction pooling
   * keeps no server-side prepared statements, so prepareThreshold=0.
   */
  public String clientUrl() {
    requirePair("clientUrl");
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + "/"
        + DATABASE
        + "?user=postgres&prepareThreshold=0&connectTimeout=2&socketTimeout=10&loginTimeout=3";
  }

  /**
   * {@code topology} (the pair's, as {@link LocalPgPair#topologyYaml()} writes it) with its entry
   * point moved by this PgBouncer from node {@code node}, and the admin password as a secret.
   */
  public String topology(String topology, String node) {
    requirePair("topology");
    String entry =
        "    redirection: pooler\n    properties:\n"
            + "      node: "
            + node
            + "\n      host: 127.0.0.1\n      port: \""
            + port
            + "\"\n      adminUser: "
            + ADMIN
            + "\n      adminPassword: pgbouncer-admin\n      database: "
            + DATABASE
            + "\n      config: \""
            + config()
            + "\"\n      server.pg-a: \""
            + pair.pgA().host()
            + ":"
            + pair.pgA().port()
            + "\"\n      server.pg-b: \""
            + pair.pgB().host()
            + ":"
            + pair.pgB().port()
            + "\"\n      clientUrl: \""
            + clientUrl()
            + "\"\n";
    return topology.replace("    redirection: none\n", entry)
        + "secrets:\n  - name: pgbouncer-admin\n    ref: \"file:"
        + passwordFile()
        + "\"\n";
  }

  private void requirePair(String method) {
    if (pair == null) {
      throw new IllegalStateException(
          method
              + "() describes a PgBouncer in front of a LocalPgPair; this one was started"
              + " from a Layout, whose owner describes it");
    }
  }

  private String pid() {
    try {
      Path f = dir.resolve("pgbouncer.pid");
      return Files.exists(f) ? Files.readString(f).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops PgBouncer by the pid it wrote (SIGTERM, then SIGKILL) and deletes its files. */
  @Override
  public void close() {
    String pid = pid();
    if (pid.matches("\\d+")) {
      ProcessHandle.of(Long.parseLong(pid))
          .ifPresent(
              p -> {
                p.destroy();
                try {
                  p.onExit().get(STOP.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                  p.destroyForcibly();
                }
              });
    }
    Dirs.deleteTree(dir);
  }

  /** The processes of this PgBouncer, so a test can check that close() stopped them. */
  public List<ProcessHandle> processes() {
    String pid = pid();
    List<ProcessHandle> out = new ArrayList<>();
    if (pid.matches("\\d+")) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(out::add);
    }
    return out;
  }
}
