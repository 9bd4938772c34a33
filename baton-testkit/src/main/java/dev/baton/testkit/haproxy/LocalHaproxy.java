package dev.baton.testkit.haproxy;

import dev.baton.drivers.haproxy.LocalRuntimeApi;
import dev.baton.engine.DriverException;
import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real HAProxy in TCP mode on a free loopback port, with one backend whose first server is ready
 * and the others in maintenance, and an admin stats socket; close() stops it and deletes its files.
 */
public final class LocalHaproxy implements AutoCloseable {

  /** One backend server: its HAProxy name and the loopback address it forwards to. */
  public record Server(String name, String host, int port) {}

  private static final Path BINARY = Path.of("/usr/sbin/haproxy");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Path dir;
  private final int frontendPort;
  private final Process process;
  private final LocalRuntimeApi api;

  private LocalHaproxy(Path dir, int frontendPort, Process process) {
    this.dir = dir;
    this.frontendPort = frontendPort;
    this.process = process;
    this.api = new LocalRuntimeApi(dir.resolve("admin.sock"));
  }

  /** Writes the configuration, starts HAProxy and waits until its socket answers show info. */
  public static LocalHaproxy start(String backend, List<Server> servers) throws IOException {
    // Short, under /tmp, because a Unix socket path must fit in 108 bytes.
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "bhap-");
    int port = Ports.free();
    Files.writeString(dir.resolve("haproxy.cfg"), config(dir, port, backend, servers));
    Process p =
        new ProcessBuilder(
                BINARY.toString(), "-W", "-db", "-f", dir.resolve("haproxy.cfg").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("haproxy.log").toFile())
            .start();
    LocalHaproxy haproxy = new LocalHaproxy(dir, port, p);
    try {
      haproxy.awaitSocket();
    } catch (RuntimeException e) {
      haproxy.close();
      throw e;
    }
    return haproxy;
  }

  private static String config(Path dir, int port, String backend, List<Server> servers) {
    StringBuilder c =
        new StringBuilder(
            """
            global
              stats socket %s mode 600 level admin
              pidfile %s
            defaults
              mode tcp
              timeout connect 1s
              timeout client 30s
              timeout server 30s
            frontend entry
              bind 127.0.0.1:%d
              default_backend %s
            backend %s
            """
                .formatted(
                    dir.resolve("admin.sock"), dir.resolve("haproxy.pid"), port, backend, backend));
    // No health checks: Baton, not HAProxy, decides which server is up.
    for (int i = 0; i < servers.size(); i++) {
      Server s = servers.get(i);
      c.append(
          "  server %s %s:%d%s%n"
              .formatted(s.name(), s.host(), s.port(), i == 0 ? "" : " disabled"));
    }
    return c.toString();
  }

  private void awaitSocket() {
    Poll.until(
        START_TIMEOUT,
        "HAProxy's stats socket to answer show info",
        () -> !process.isAlive() || send("show info").startsWith("Name: HAProxy"));
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "haproxy exited with " + process.exitValue() + " at start: " + log());
    }
  }

  /** What HAProxy wrote to its console, for failure messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("haproxy.log")).strip();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Sends one runtime API command and returns the answer. */
  public String send(String command) throws DriverException {
    return api.send(command);
  }

  public int frontendPort() {
    return frontendPort;
  }

  public Path socket() {
    return dir.resolve("admin.sock");
  }

  /** The master process and its workers, so a test can check that close() stopped them all. */
  public List<ProcessHandle> processes() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
  }

  /** Stops the master and its workers (SIGTERM, then SIGKILL) and deletes the directory. */
  @Override
  public void close() {
    List<ProcessHandle> all = processes();
    // SIGTERM to the master makes it stop its workers; each is then awaited, or killed.
    process.destroy();
    all.forEach(LocalHaproxy::awaitExit);
    Dirs.deleteTree(dir);
  }

  private static void awaitExit(ProcessHandle p) {
    try {
      p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // It did not stop on SIGTERM in time (or we were interrupted): do not leave it running.
      p.destroyForcibly();
    }
  }
}
