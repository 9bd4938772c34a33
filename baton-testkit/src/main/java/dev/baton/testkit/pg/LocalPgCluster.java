package dev.baton.testkit.pg;

import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.Timing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One real PostgreSQL server on 127.0.0.1, in {@code <root>/<name>/data}, run as the postgres OS
 * user; closing it stops the server and deletes its directory.
 */
public final class LocalPgCluster implements AutoCloseable {

  private static final Duration PG_CTL_WAIT = Duration.ofSeconds(60);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  private static final Duration SLOW = Duration.ofMinutes(2);

  private final String name;
  private final Path dir;
  private final String host;
  private final int port;
  private volatile PgBinaries bin;

  private LocalPgCluster(Path root, String name, PgBinaries bin, String host, int port) {
    this.name = name;
    this.dir = root.toAbsolutePath().resolve(name);
    this.bin = bin;
    this.host = host;
    this.port = port;
  }

  /** Runs initdb for a primary that allows streaming replication; does not start it. */
  public static LocalPgCluster initPrimary(Path root, String name, PgBinaries bin, int port) {
    return initPrimary(root, name, bin, "127.0.0.1", port);
  }

  /**
   * As {@link #initPrimary(Path, String, PgBinaries, int)}, listening on another loopback address.
   */
  public static LocalPgCluster initPrimary(
      Path root, String name, PgBinaries bin, String host, int port) {
    LocalPgCluster c = new LocalPgCluster(root, name, bin, host, port);
    c.createDir(root);
    // C locale: 15.8 and Debian's 15.x link different libc/ICU, which must not re-sort an index.
    c.pgTool(
        bin.path("initdb"),
        "-D",
        c.dataDir(),
        "--locale=C",
        "-E",
        "UTF8",
        "-A",
        "trust",
        "-U",
        "postgres");
    c.appendConf("postgresql.conf", c.primarySettings());
    c.appendConf(
        "pg_hba.conf", "host replication all 127.0.0.0/8 trust\nhost all all 127.0.0.0/8 trust\n");
    return c;
  }

  /**
   * Clones {@code primary} with pg_basebackup into a streaming standby that reports {@code name} as
   * its application_name, and starts it.
   */
  public static LocalPgCluster initStandby(
      Path root, String name, PgBinaries bin, int port, LocalPgCluster primary) {
    return initStandby(root, name, bin, "127.0.0.1", port, primary);
  }

  /** As {@link #initStandby(Path, String, PgBinaries, int, LocalPgCluster)} on another address. */
  public static LocalPgCluster initStandby(
      Path root, String name, PgBinaries bin, String host, int port, LocalPgCluster primary) {
    LocalPgCluster c = new LocalPgCluster(root, name, bin, host, port);
    c.createDir(root);
    c.pgTool(
        PgBinaries.tool("pg_basebackup"),
        "-h",
        primary.host(),
        "-p",
        primary.port(),
        "-U",
        "postgres",
        "-D",
        c.dataDir(),
        "-X",
        "stream",
        "-R",
        "-c",
        "fast");
    // The copied postgresql.conf carries the primary's port and socket directory.
    c.appendConf("postgresql.conf", c.addressSettings());
    c.rewritePrimaryConninfo(primary.host(), primary.port());
    try {
      c.start();
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * A server whose data directory, {@code <root>/<name>/data}, something else builds (Baton's own
   * copy of a primary, say): {@code <root>/<name>} is made and given to postgres, and nothing runs.
   * Closing it stops the server if one runs there and deletes the directory, as for any other.
   */
  public static LocalPgCluster reserve(Path root, String name, PgBinaries bin, int port) {
    LocalPgCluster c = new LocalPgCluster(root, name, bin, "127.0.0.1", port);
    c.createDir(root);
    return c;
  }

  private void createDir(Path root) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    PgProcess.giveToPostgres(root.toAbsolutePath());
    PgProcess.giveToPostgres(dir);
  }

  private String addressSettings() {
    return "listen_addresses = '"
        + host
        + "'\n"
        + "port = "
        + port
        + "\n"
        // Socket paths are limited to ~107 bytes, so the socket lives in the short cluster dir.
        + "unix_socket_directories = '"
        + dir
        + "'\n";
  }

  private String primarySettings() {
    return addressSettings()
        + String.join(
            "\n",
            "wal_level = replica",
            "max_wal_senders = 10",
            "max_replication_slots = 10",
            "hot_standby = on",
            "wal_log_hints = on", // pg_rewind needs it to rejoin an old primary
            "fsync = on",
            "synchronous_commit = on",
            "archive_mode = off",
            "logging_collector = off",
            "wal_keep_size = '256MB'",
            "shared_buffers = '32MB'",
            "max_connections = 50",
            "checkpoint_timeout = '5min'",
            "wal_receiver_status_interval = '1s'",
            "wal_sender_timeout = '5s'",
            "wal_receiver_timeout = '5s'",
            // a standby that started before its new primary's timeline was ready retries soon
            "wal_retrieve_retry_interval = '200ms'",
            "");
  }

  private void rewritePrimaryConninfo(String primaryHost, int primaryPort) {
    Path auto = dataDir().resolve("postgresql.auto.conf");
    try {
      String kept =
          Files.readAllLines(auto).stream()
              .filter(l -> !l.strip().startsWith("primary_conninfo"))
              .map(l -> l + "\n")
              .collect(Collectors.joining());
      String conninfo =
          "primary_conninfo = 'host=%s port=%d user=postgres application_name=%s'\n"
              .formatted(primaryHost, primaryPort, name);
      // Write in place, so the file keeps its owner (postgres) even when the JVM is root.
      Files.writeString(auto, kept + conninfo, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + auto, e);
    }
  }

  /**
   * Appends settings to postgresql.conf; a running server needs {@link #reload()} or a restart to
   * see them. A pair's options use it before the standby is cloned, so both servers share them.
   */
  public void appendSettings(String lines) {
    appendConf("postgresql.conf", lines.endsWith("\n") ? lines : lines + "\n");
  }

  /** Makes a running server re-read its configuration files. */
  public void reload() {
    try {
      sql("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reload " + name + ": " + e.getMessage(), e);
    }
  }

  private void appendConf(String file, String text) {
    try {
      Files.writeString(dataDir().resolve(file), text, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + " in " + dataDir(), e);
    }
  }

  private void pgTool(Object... args) {
    List<String> command = Arrays.stream(args).map(String::valueOf).toList();
    PgProcess.asPostgres(Timing.scaled(SLOW), command);
  }

  /** Starts the server with pg_ctl and waits until it accepts connections. */
  public void start() {
    removeStaleLock();
    Duration wait = Timing.scaled(PG_CTL_WAIT);
    try {
      pgCtl(wait.plusSeconds(30), "-l", logFile(), "-w", "-t", wait.toSeconds(), "start");
    } catch (PgProcess.Failed e) {
      throw new IllegalStateException(
          name + " did not start; server.log ends with:\n" + logTail(30), e);
    }
  }

  /**
   * A server killed with SIGKILL leaves its lock files behind. Where init reaps orphans lazily, the
   * dead postmaster lingers as a zombie that postgres takes for a running server, so drop the locks
   * of a postmaster that is dead or a zombie.
   */
  private void removeStaleLock() {
    if (!isRunning()) {
      deleteLock(dataDir().resolve("postmaster.pid"));
      deleteLock(dir.resolve(".s.PGSQL." + port + ".lock"));
    }
  }

  private static void deleteLock(Path lock) {
    try {
      Files.deleteIfExists(lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the stale lock " + lock, e);
    }
  }

  /** Stops the server with a fast shutdown and waits until it is down. */
  public void stop() {
    stop("fast", PG_CTL_WAIT);
  }

  private void stop(String mode, Duration nominal) {
    Duration wait = Timing.scaled(nominal);
    pgCtl(wait.plusSeconds(10), "-w", "-t", wait.toSeconds(), "stop", "-m", mode);
  }

  private void pgCtl(Duration timeout, Object... args) {
    List<String> command =
        Stream.concat(Stream.of(bin.path("pg_ctl"), "-D", dataDir()), Arrays.stream(args))
            .map(String::valueOf)
            .toList();
    if (namespace.isEmpty()) {
      PgProcess.asPostgres(timeout, command);
      return;
    }
    // pg_ctl start forks the postmaster, which stays in the namespace pg_ctl ran in.
    List<String> full = new java.util.ArrayList<>(namespace);
    full.addAll(List.of("runuser", "-u", PgProcess.OS_USER, "--"));
    full.addAll(command);
    PgProcess.run(timeout, full);
  }

  private List<String> namespace = List.of();

  /**
   * Runs the server inside a network namespace from its next start on: {@code execPrefix} is the
   * argv prefix that enters it (see {@code NetNamespace.exec()}); it needs root.
   */
  public void useNamespace(List<String> execPrefix) {
    this.namespace = List.copyOf(execPrefix);
  }

  /** Lets clients from {@code cidr} connect, for normal and replication connections. */
  public void allowClients(String cidr) {
    appendConf(
        "pg_hba.conf",
        "host replication all " + cidr + " trust\nhost all all " + cidr + " trust\n");
  }

  /** True when the postmaster recorded in postmaster.pid is alive. */
  public boolean isRunning() {
    OptionalLong pid = postmasterPid();
    return pid.isPresent() && PgProcess.isAlive(pid.getAsLong());
  }

  /** The postmaster's pid from the first line of postmaster.pid, if the file exists. */
  public OptionalLong postmasterPid() {
    try {
      List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"));
      return lines.isEmpty() || lines.get(0).isBlank()
          ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code query} over JDBC; the first column of the first row, or null if none. */
  public String sql(String query) throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "60");
    try (Connection c = DriverManager.getConnection(jdbcUrl(), p);
        Statement s = c.createStatement()) {
      if (!s.execute(query)) {
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Waits until this server streams to {@code standby} and the standby has replayed all it was
   * sent.
   */
  public void awaitStreamingTo(LocalPgCluster standby, Duration timeout) {
    String query =
        "SELECT count(*) FROM pg_stat_replication WHERE application_name = '"
            + standby.name()
            + "' AND state = 'streaming' AND replay_lsn = sent_lsn";
    Poll.until(timeout, name + " streaming to " + standby.name(), () -> "1".equals(sql(query)));
  }

  /** Stops the server if it runs (fast, then immediate, then SIGKILL) and deletes its directory. */
  @Override
  public void close() {
    try {
      stopAtAnyCost();
    } finally {
      Dirs.deleteTree(dir);
    }
  }

  private void stopAtAnyCost() {
    for (String mode : List.of("fast", "immediate")) {
      if (!isRunning()) {
        return;
      }
      try {
        stop(mode, CLOSE_WAIT);
      } catch (RuntimeException e) {
        // Stuck in shutdown; escalate.
      }
    }
    if (isRunning()) {
      KillPostgres.kill9(this);
    }
  }

  private String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile());
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Runs this data directory under other binaries from the next {@link #start()}: a minor upgrade.
   */
  public void useBinaries(PgBinaries newBin) {
    if (isRunning()) {
      throw new IllegalStateException("stop " + name + " before changing its binaries");
    }
    this.bin = newBin;
  }

  public String name() {
    return name;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code <root>/<name>}: holds data/, server.log and the Unix socket. */
  public Path dir() {
    return dir;
  }

  public Path dataDir() {
    return dir.resolve("data");
  }

  public Path logFile() {
    return dir.resolve("server.log");
  }

  public PgBinaries binaries() {
    return bin;
  }

  /** A plain JDBC URL for this server alone. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/postgres?user=postgres";
  }

  @Override
  public String toString() {
    return name + "@" + host + ":" + port + " (" + bin.version() + ")";
  }
}
