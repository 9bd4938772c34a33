package dev.baton.testkit.workload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL 15 server of its own in a temporary directory, for the workload's integration tests.
 * Run as root, it runs the server as the {@code postgres} user, as PostgreSQL requires.
 */
final class ThrowawayPostgres implements AutoCloseable {

  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path dir;
  private final int port;
  private boolean running;

  private ThrowawayPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static boolean available() {
    return Files.isExecutable(BIN.resolve("initdb"));
  }

  /** Initialises a cluster in a fresh temporary directory and starts it on a free port. */
  static ThrowawayPostgres start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("baton-workload-pg");
    if (ROOT) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    ThrowawayPostgres pg = new ThrowawayPostgres(dir, freePort());
    try {
      pg.run("initdb", "-D", pg.data(), "-A", "trust", "--locale=C", "-E", "UTF8", "-N");
      pg.startServer();
      return pg;
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  void startServer() throws IOException, InterruptedException {
    String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off";
    String log = dir.resolve("server.log").toString();
    run("pg_ctl", "-D", data(), "-l", log, "-o", options, "-w", "-t", "30", "start");
    running = true;
  }

  /** A fast shutdown: sessions are terminated, then the server checkpoints and exits. */
  void stopServer() throws IOException, InterruptedException {
    run("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "30", "stop");
    running = false;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** The server as {@code inet_server_addr()} and {@code inet_server_port()} name it. */
  String server() {
    return "127.0.0.1:" + port;
  }

  void execute(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (running) {
        stopServer();
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void run(String program, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (ROOT) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(BIN.resolve(program).toString());
    command.addAll(List.of(args));
    Path out = dir.resolve("commands.out");
    // To a file, not a pipe: a server started by pg_ctl must not hold our pipe open.
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(program + " did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          program + " exited with " + p.exitValue() + ": " + Files.readString(out));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
