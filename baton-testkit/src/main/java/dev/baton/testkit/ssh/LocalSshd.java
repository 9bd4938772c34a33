package dev.baton.testkit.ssh;

import dev.baton.drivers.ssh.SshSettings;
import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's OpenSSH server on a free loopback port, with its own host key, a client key it accepts
 * for the current user (both Ed25519 unless another {@link KeyType} is asked for), and a
 * known_hosts file that trusts it. Stop it with {@link #close()}.
 */
public final class LocalSshd implements AutoCloseable {

  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final String address;
  private final int port;
  private final Process daemon;

  private LocalSshd(Path dir, String address, int port, Process daemon) {
    this.dir = dir;
    this.address = address;
    this.port = port;
    this.daemon = daemon;
  }

  /**
   * Generates Ed25519 keys (ssh-keygen's default) and the configuration, starts sshd and waits
   * until it accepts connections.
   */
  public static LocalSshd start() throws IOException {
    return start(KeyType.ED25519);
  }

  /** As {@link #start()}, with a host key and a client key of {@code keyType}. */
  public static LocalSshd start(KeyType keyType) throws IOException {
    return start(List.of(), "127.0.0.1", keyType);
  }

  /**
   * An sshd that runs inside a network namespace ({@code execPrefix} enters it, see {@code
   * NetNamespace.exec()}) and listens on {@code address} there: a node Baton reaches only through
   * that namespace's link.
   */
  public static LocalSshd startIn(List<String> execPrefix, String address) throws IOException {
    return start(execPrefix, address, KeyType.ED25519, false);
  }

  /**
   * An sshd on {@code address} (of this machine) that records every command it receives before
   * running it: each exec request, and everything written to a long-lived shell's input, goes to a
   * file of its own in {@link #commandRecord()} (reliability matrix row 9: no command twice).
   */
  public static LocalSshd startRecording(String address) throws IOException {
    return start(List.of(), address, KeyType.ED25519, true);
  }

  private static LocalSshd start(List<String> execPrefix, String address, KeyType keyType)
      throws IOException {
    return start(execPrefix, address, keyType, false);
  }

  private static LocalSshd start(
      List<String> execPrefix, String address, KeyType keyType, boolean record) throws IOException {
    Path dir = Files.createTempDirectory("baton-sshd-");
    try {
      int port = Ports.free();
      keygen(dir.resolve("host_key"), keyType);
      keygen(dir.resolve("client_key"), keyType);
      Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
      String config = config(dir, address, port);
      if (record) {
        config += "ForceCommand " + recorder(dir) + "\n";
      }
      Files.writeString(dir.resolve("sshd_config"), config);
      Files.writeString(
          dir.resolve("known_hosts"),
          "[" + address + "]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
      // sshd refuses to start without its privilege separation directory.
      Files.createDirectories(Path.of("/run/sshd"));
      LocalSshd sshd = new LocalSshd(dir, address, port, launch(execPrefix, dir));
      sshd.awaitListening();
      return sshd;
    } catch (IOException | RuntimeException e) {
      Dirs.deleteTree(dir);
      throw e;
    }
  }

  /**
   * The script sshd runs instead of each session's command: it writes the command to a file of its
   * own, and for a long-lived shell ({@code exec /bin/sh}, how Baton's transport runs commands)
   * also everything the shell is fed, then runs it as sshd would have.
   */
  private static Path recorder(Path dir) throws IOException {
    Path record = Files.createDirectory(dir.resolve("commands"));
    Path script = dir.resolve("record-command");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "n=\"$(date +%s%N)-$$\"",
            "printf '%s\\n' \"$SSH_ORIGINAL_COMMAND\" > '" + record + "'/\"exec-$n\"",
            "if [ \"$SSH_ORIGINAL_COMMAND\" = 'exec /bin/sh' ]; then",
            "  tee '" + record + "'/\"shell-$n\" | /bin/sh",
            "  exit $?",
            "fi",
            "exec /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"",
            ""));
    Files.setPosixFilePermissions(
        script, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static void keygen(Path key, KeyType type) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of("ssh-keygen", "-q"));
    argv.addAll(type.keygenOptions());
    argv.addAll(List.of("-N", "", "-C", "baton-test", "-f", key.toString()));
    Tools.run(argv.toArray(String[]::new));
  }

  private static String config(Path dir, String address, int port) {
    return String.join(
        "\n",
        "ListenAddress " + address,
        "Port " + port,
        "HostKey " + dir.resolve("host_key"),
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "PermitRootLogin prohibit-password",
        "AllowTcpForwarding yes",
        "Subsystem sftp internal-sftp",
        "");
  }

  private static Process launch(List<String> execPrefix, Path dir) throws IOException {
    List<String> argv = new java.util.ArrayList<>(execPrefix);
    argv.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString()));
    return new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("sshd.log").toFile())
        .start();
  }

  private void awaitListening() {
    Poll.until(
        START_TIMEOUT,
        "sshd to listen on " + address + ":" + port,
        () -> {
          if (!daemon.isAlive()) {
            throw new IllegalStateException("sshd exited: " + log());
          }
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 200);
            return true;
          }
        });
  }

  public int port() {
    return port;
  }

  /** The private key sshd accepts for the user running the tests. */
  public Path clientKey() {
    return dir.resolve("client_key");
  }

  /** The public half of sshd's host key. */
  public Path hostKey() {
    return dir.resolve("host_key.pub");
  }

  /** A known_hosts file with one line: {@code [127.0.0.1]:<port> <host key>}. */
  public Path knownHostsFile() {
    return dir.resolve("known_hosts");
  }

  /**
   * Where a recording sshd ({@link #startRecording}) writes what it received: one file per exec
   * request and one per long-lived shell's input.
   */
  public Path commandRecord() {
    return dir.resolve("commands");
  }

  /**
   * Settings that trust this server when Baton reaches it as {@code host:port} (through a relay,
   * say) and log in with its client key.
   */
  public SshSettings settingsFor(String host, int port) throws IOException {
    Path knownHosts = dir.resolve("known_hosts-" + host + "-" + port);
    Files.writeString(
        knownHosts, "[" + host + "]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
    return SshSettings.of(knownHosts, clientKey());
  }

  /** A scratch directory that {@link #close()} deletes. */
  public Path dir() {
    return dir;
  }

  /** Settings that trust this server and log in with its client key. */
  public SshSettings settings() {
    return SshSettings.of(knownHostsFile(), clientKey());
  }

  /** How many connections sshd is serving now: one child process per connection. */
  public long connections() {
    return daemon.children().filter(ProcessHandle::isAlive).count();
  }

  /** Whether a process running {@code program} (a file name, e.g. "sleep") was started by sshd. */
  public boolean running(String program) {
    return daemon
        .descendants()
        .anyMatch(p -> p.info().command().map(c -> c.endsWith("/" + program)).orElse(false));
  }

  /** What sshd wrote to its log, for a failure message. */
  public String log() {
    try {
      return Files.readString(dir.resolve("sshd.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGKILLs the per-connection sshd processes, as a dropped link would end them. */
  public void dropConnections() {
    daemon.descendants().filter(LocalSshd::isSshd).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * SIGSTOPs the per-connection sshd processes: the connections stay up but the server answers
   * nothing, as over a link that stalls, until {@link #thawConnections()}. Commands keep running.
   */
  public void freezeConnections() {
    signalConnections("-STOP");
  }

  public void thawConnections() {
    signalConnections("-CONT");
  }

  private void signalConnections(String signal) {
    List<String> argv = new java.util.ArrayList<>(List.of("kill", signal));
    daemon.descendants().filter(LocalSshd::isSshd).forEach(p -> argv.add(Long.toString(p.pid())));
    if (argv.size() > 2) {
      try {
        Tools.run(argv.toArray(String[]::new));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** SIGKILLs sshd, its per-connection processes, then the commands they ran. */
  public void kill() {
    // sshd dies first: a command killed before its sshd would be reported as a signal, not a cut.
    List<ProcessHandle> commands = daemon.descendants().filter(p -> !isSshd(p)).toList();
    dropConnections();
    daemon.destroyForcibly();
    commands.forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean isSshd(ProcessHandle p) {
    return p.info().command().map(c -> c.endsWith("/sshd")).orElse(false);
  }

  @Override
  public void close() {
    kill();
    try {
      daemon.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A command whose session ended (a timed-out sleep, say) was re-parented away from sshd; its
    // environment still names this server's port.
    ProcessHandle.allProcesses().filter(this::startedHere).forEach(ProcessHandle::destroyForcibly);
    Dirs.deleteTree(dir);
  }

  private boolean startedHere(ProcessHandle p) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
      String env = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
      return env.matches(
          "(?s).*\\bSSH_CONNECTION=[^\\x00]* "
              + java.util.regex.Pattern.quote(address)
              + " "
              + port
              + "(\\x00.*)?");
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return false; // gone already, or not ours to read
    }
  }
}
