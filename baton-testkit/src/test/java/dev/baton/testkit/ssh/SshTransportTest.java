package dev.baton.testkit.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.ssh.SshSettings;
import dev.baton.drivers.ssh.SshTransport;
import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Pipe;
import dev.baton.engine.DriverException;
import dev.baton.model.Node;
import dev.baton.model.Transport;
import dev.baton.testkit.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SSH transport against Debian's real OpenSSH server on a loopback port. */
class SshTransportTest {

  private static final Duration T = Duration.ofSeconds(10);
  private static LocalSshd sshd;

  @BeforeAll
  static void startSshd() throws IOException {
    sshd = LocalSshd.start();
  }

  @AfterAll
  static void stopSshd() {
    sshd.close();
  }

  private static Node node(LocalSshd server) {
    return new Node("db-a", "A", Transport.SSH, "127.0.0.1", server.port(), "root");
  }

  @Test
  void runsACommandAndReturnsItsExitCodeAndOutput() throws Exception {
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      CommandResult r = ssh.run(Command.of(T, "sh", "-c", "echo out; echo err >&2; exit 3"));
      assertEquals(3, r.exitCode());
      assertEquals("out\n", r.stdout());
      assertEquals("err\n", r.stderr());
    }
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void eachKeyTypeLogsInAndHasItsHostKeyCheckedAgainstKnownHosts(KeyType type) throws Exception {
    try (LocalSshd own = LocalSshd.start(type)) {
      String trusted = Files.readString(own.knownHostsFile());
      assertTrue(trusted.contains("]:" + own.port() + " " + type.sshName() + " "), trusted);
      assertTrue(
          Files.readString(Path.of(own.clientKey() + ".pub")).startsWith(type.sshName() + " "));
      try (SshTransport ssh = new SshTransport(node(own), own.settings())) {
        assertEquals("root\n", ssh.run(Command.of(T, "id", "-un")).stdout());
      }
    }
  }

  @Test
  void passesEveryArgumentThroughTheRemoteShellUnchanged() throws Exception {
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      CommandResult r =
          ssh.run(Command.of(T, "printf", "%s|", "a b", "it's", "$HOME", "", "*", "x;y", "\"q\""));
      assertEquals("a b|it's|$HOME||*|x;y|\"q\"|", r.stdout());
    }
  }

  @Test
  void aNonZeroExitIsAResultNotAnError() throws Exception {
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      CommandResult r = ssh.run(Command.of(T, "false"));
      assertEquals(1, r.exitCode());
    }
  }

  @Test
  void commandsRunInOneLongLivedShellInsteadOfAShellEach() throws Exception {
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      String first = ssh.run(Command.of(T, "sh", "-c", "echo $PPID")).stdout();
      String second = ssh.run(Command.of(T, "sh", "-c", "echo $PPID")).stdout();

      assertEquals(first, second, "both commands were started by the same shell");
    }
  }

  @Test
  void theShellKeepsEachCommandsOutputExactAndItsInputEmpty() throws Exception {
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      CommandResult noNewline = ssh.run(Command.of(T, "printf", "abc"));
      CommandResult stdin = ssh.run(Command.of(T, "cat"));
      String big = "x".repeat(100_000);
      CommandResult both =
          ssh.run(Command.of(T, "sh", "-c", "printf %s \"$1\"; printf %s \"$1\" >&2", "sh", big));

      assertEquals("abc", noNewline.stdout());
      assertEquals("", stdin.stdout());
      assertEquals(0, stdin.exitCode());
      assertTrue(big.equals(both.stdout()), "stdout has " + both.stdout().length() + " chars");
      assertTrue(big.equals(both.stderr()), "stderr has " + both.stderr().length() + " chars");
    }
  }

  @Test
  void aCommandThatOverrunsItsTimeoutIsAbandonedWithASentence() throws Exception {
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      ssh.run(Command.of(T, "true"));
      long t0 = System.nanoTime();
      DriverException e =
          assertThrows(
              DriverException.class,
              () -> ssh.run(Command.of(Duration.ofSeconds(1), "sleep", "30")));
      long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
      assertEquals("sleep 30 did not finish within 1 s on node db-a", e.getMessage());
      assertTrue(ms < 2500, "gave up after " + ms + " ms");
      assertEquals(0, ssh.run(Command.of(T, "true")).exitCode(), "the session is still usable");
    }
  }

  @Test
  void readsAnExistingFileAndReportsAMissingOneAsEmpty() throws Exception {
    Path file = sshd.dir().resolve("it's here.conf");
    Files.writeString(file, "port = 5432\nname = 'x'\n");
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      assertEquals(Optional.of("port = 5432\nname = 'x'\n"), ssh.readFile(file.toString()));
      assertEquals(Optional.empty(), ssh.readFile(sshd.dir().resolve("absent").toString()));
    }
  }

  @Test
  void readingADirectoryIsAnErrorNotAMissingFile() throws Exception {
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      DriverException e =
          assertThrows(DriverException.class, () -> ssh.readFile(sshd.dir().toString()));
      assertTrue(e.getMessage().contains("Is a directory"), e.getMessage());
    }
  }

  @Test
  void aPipeCarriesATarThroughTwoSessionsByteForByte() throws Exception {
    Path src = Files.createDirectories(sshd.dir().resolve("pipe-src"));
    byte[] binary = new byte[2 * 1024 * 1024 + 5];
    new java.util.Random(7).nextBytes(binary);
    Files.write(src.resolve("blob.bin"), binary);
    Path dst = Files.createDirectories(sshd.dir().resolve("pipe-dst"));
    try (SshTransport a = new SshTransport(node(sshd), sshd.settings());
        SshTransport b = new SshTransport(node(sshd), sshd.settings())) {
      Pipe.Copied copied =
          Pipe.copy(
              new Pipe.End("db-a", a, Command.of(T, "tar", "-cf", "-", "-C", src.toString(), ".")),
              new Pipe.End("db-b", b, Command.of(T, "tar", "-xf", "-", "-C", dst.toString())));

      assertTrue(copied.bytes() > binary.length, copied.bytes() + " bytes");
      assertTrue(java.util.Arrays.equals(binary, Files.readAllBytes(dst.resolve("blob.bin"))));
      DriverException e =
          assertThrows(
              DriverException.class,
              () ->
                  Pipe.copy(
                      new Pipe.End("db-a", a, Command.of(T, "head", "-c", "99999999", "/dev/zero")),
                      new Pipe.End("db-b", b, Command.of(T, "sh", "-c", "echo full >&2; exit 3"))));
      assertTrue(e.getMessage().contains("on node db-b exited 3 (full); head"), e.getMessage());
    }
  }

  @Test
  void reachForwardsALocalPortToAPortAsSeenFromTheNode() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        SshTransport ssh = new SshTransport(node(sshd), sshd.settings())) {
      CompletableFuture<Void> serve =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = server.accept()) {
                  s.getOutputStream().write(42);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      InetSocketAddress local = ssh.reach("127.0.0.1", server.getLocalPort());
      assertEquals(local, ssh.reach("127.0.0.1", server.getLocalPort()), "one forward per target");
      try (Socket s = new Socket()) {
        s.connect(local, 5000);
        s.setSoTimeout(5000);
        assertEquals(42, s.getInputStream().read());
      }
      serve.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUnknownHostKeyIsRefusedWithItsFingerprintAndNeverAdded() throws Exception {
    Path empty = Files.writeString(sshd.dir().resolve("empty_known_hosts"), "");
    String fingerprint = Tools.run("ssh-keygen", "-lf", sshd.hostKey().toString()).split(" ")[1];
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings().withKnownHosts(empty))) {
      DriverException e = assertThrows(DriverException.class, () -> ssh.run(Command.of(T, "true")));
      assertEquals(
          "host key of 127.0.0.1:"
              + sshd.port()
              + " is not in known_hosts (ssh-ed25519 "
              + fingerprint
              + "); verify it and add it with ssh-keyscan, Baton never trusts a key"
              + " silently",
          e.getMessage());
    }
    assertEquals("", Files.readString(empty));
  }

  @Test
  void aChangedHostKeyIsRefused() throws Exception {
    Path other = sshd.dir().resolve("other_host_key");
    Tools.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
    String line = "[127.0.0.1]:" + sshd.port() + " " + Files.readString(Path.of(other + ".pub"));
    Path knownHosts = Files.writeString(sshd.dir().resolve("changed_known_hosts"), line);
    try (SshTransport ssh =
        new SshTransport(node(sshd), sshd.settings().withKnownHosts(knownHosts))) {
      DriverException e = assertThrows(DriverException.class, () -> ssh.run(Command.of(T, "true")));
      assertTrue(
          e.getMessage().startsWith("host key of 127.0.0.1:" + sshd.port() + " has CHANGED"),
          e.getMessage());
      assertTrue(e.getMessage().contains(knownHosts + " line 1"), e.getMessage());
    }
    assertEquals(line, Files.readString(knownHosts));
  }

  @Test
  void aHashedKnownHostsEntryIsTrusted() throws Exception {
    Path hashed = sshd.dir().resolve("hashed_known_hosts");
    Files.copy(sshd.knownHostsFile(), hashed);
    Tools.run("ssh-keygen", "-H", "-f", hashed.toString());
    assertTrue(Files.readString(hashed).startsWith("|1|"));
    try (SshTransport ssh = new SshTransport(node(sshd), sshd.settings().withKnownHosts(hashed))) {
      assertEquals(0, ssh.run(Command.of(T, "true")).exitCode());
    }
  }

  @Test
  void aClientKeyTheServerDoesNotKnowIsRefusedWithASentence() throws Exception {
    Path stranger = sshd.dir().resolve("stranger_key");
    Tools.run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", stranger.toString());
    SshSettings settings = sshd.settings().withIdentities(List.of(stranger));
    try (SshTransport ssh = new SshTransport(node(sshd), settings)) {
      DriverException e = assertThrows(DriverException.class, () -> ssh.run(Command.of(T, "true")));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "the SSH server of node db-a at 127.0.0.1:"
                      + sshd.port()
                      + " did not accept any key Baton offered for user root (identity files: ["
                      + stranger
                      + "]; agent: not used)"),
          e.getMessage());
    }
  }

  @Test
  void aNodeNobodyListensOnIsASentence() throws Exception {
    int port = dev.baton.testkit.pg.Ports.free();
    Node nowhere = new Node("db-b", "B", Transport.SSH, "127.0.0.1", port, "root");
    try (SshTransport ssh = new SshTransport(nowhere, sshd.settings())) {
      DriverException e = assertThrows(DriverException.class, () -> ssh.run(Command.of(T, "true")));
      assertEquals(
          "cannot connect to node db-b at 127.0.0.1:" + port + ": Connection refused",
          e.getMessage());
    }
  }

  @Test
  void aHostAliasIsResolvedThroughTheSshConfig() throws Exception {
    Path config =
        Files.writeString(
            sshd.dir().resolve("ssh_config"),
            String.join(
                "\n",
                "Host db-a",
                "  HostName 127.0.0.1",
                "  Port " + sshd.port(),
                "  User root",
                "  IdentityFile " + sshd.clientKey(),
                ""));
    Node alias = new Node("db-a", "A", Transport.SSH, "db-a", 22, "");
    SshSettings settings = sshd.settings().withIdentities(List.of()).withConfigFile(config);
    try (SshTransport ssh = new SshTransport(alias, settings)) {
      assertEquals("root\n", ssh.run(Command.of(T, "id", "-un")).stdout());
    }
  }

  @Test
  void theAgentsKeysLogIn() throws Exception {
    try (LocalSshAgent agent = LocalSshAgent.start()) {
      agent.add(sshd.clientKey());
      SshSettings settings = sshd.settings().withIdentities(List.of()).withAgent(agent.socket());
      try (SshTransport ssh = new SshTransport(node(sshd), settings)) {
        assertEquals(0, ssh.run(Command.of(T, "true")).exitCode());
      }
    }
  }

  @Test
  void commandsShareOneSessionAndADroppedSessionIsReopened() throws Exception {
    try (LocalSshd own = LocalSshd.start();
        SshTransport ssh = new SshTransport(node(own), own.settings())) {
      ssh.run(Command.of(T, "true"));
      ssh.run(Command.of(T, "true"));
      assertEquals(1, own.connections());
      own.dropConnections();
      Poll.until(T, "sshd to lose its connection", () -> own.connections() == 0);
      // The client learns of the drop from its socket, a moment later: a command sent into the
      // shell before it did is lost with the connection (its outcome unknown, never sent again).
      // The one after it opens a new session.
      CommandResult again;
      try {
        again = ssh.run(Command.of(T, "echo", "again"));
      } catch (dev.baton.engine.OutcomeUnknownException lostWithTheConnection) {
        assertEquals(0, own.connections(), "nothing was sent again on a new session");
        again = ssh.run(Command.of(T, "echo", "again"));
      }
      assertEquals("again\n", again.stdout());
      assertEquals(1, own.connections());
    }
  }

  @Test
  void aSessionWhoseServerStopsAnsweringIsDroppedAndTheNextCommandConnectsAfresh()
      throws Exception {
    Duration connect = Duration.ofSeconds(1);
    try (LocalSshd own = LocalSshd.start();
        SshTransport ssh =
            new SshTransport(node(own), own.settings().withConnectTimeout(connect))) {
      ssh.run(Command.of(T, "true"));
      // The connection's sshd stops answering, as over a cut link: TCP does not notice yet.
      own.freezeConnections();
      try {
        // The command already sent to the open shell waits for its own timeout ...
        assertThrows(
            DriverException.class, () -> ssh.run(Command.of(Duration.ofSeconds(1), "true")));
        // ... and the next one, needing a new channel, gets no answer within the connect
        // timeout: the session is dropped instead of being waited on again.
        long t0 = System.nanoTime();
        DriverException e =
            assertThrows(DriverException.class, () -> ssh.run(Command.of(T, "true")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().startsWith("cannot start"), e.getMessage());
        assertTrue(ms < T.toMillis(), "bounded by the connect timeout, not the command's: " + ms);
        // A new session to the (still answering) listener carries the next command.
        assertEquals("again\n", ssh.run(Command.of(T, "echo", "again")).stdout());
      } finally {
        own.thawConnections();
      }
    }
  }

  @Test
  void closingTheTransportEndsItsSession() throws Exception {
    try (LocalSshd own = LocalSshd.start()) {
      SshTransport ssh = new SshTransport(node(own), own.settings());
      ssh.run(Command.of(T, "true"));
      ssh.close();
      Poll.until(T, "sshd to see the session end", () -> own.connections() == 0);
      DriverException e = assertThrows(DriverException.class, () -> ssh.run(Command.of(T, "true")));
      assertEquals("the SSH transport to node db-a is closed", e.getMessage());
    }
  }

  @Test
  void aConnectionLostMidCommandLeavesTheOutcomeUnknown() throws Exception {
    try (LocalSshd own = LocalSshd.start();
        SshTransport ssh = new SshTransport(node(own), own.settings())) {
      CompletableFuture<CommandResult> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ssh.run(Command.of(Duration.ofSeconds(20), "sleep", "10"));
                } catch (DriverException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
      Poll.until(T, "sleep to run on the node", () -> own.running("sleep"));
      long t0 = System.nanoTime();
      own.kill();
      Throwable e =
          assertThrows(
                  java.util.concurrent.ExecutionException.class,
                  () -> running.get(5, TimeUnit.SECONDS))
              .getCause();
      assertNotNull(e);
      assertEquals(
          "lost the SSH connection to db-a while running sleep 10; its outcome is unknown",
          e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 5);
    }
  }

  /**
   * A channel the server does not confirm in time may still be confirmed later, and MINA then sends
   * the command: its outcome is unknown, and it is not sent again.
   */
  @Test
  void aChannelTheServerDoesNotConfirmInTimeLeavesTheOutcomeUnknown() throws Exception {
    try (LocalSshd own = LocalSshd.start();
        SshTransport ssh = new SshTransport(node(own), confirmingWithin(own, 1))) {
      ssh.run(Command.of(T, "true"));
      // The long-lived shell is busy, so the next command needs a channel of its own.
      CompletableFuture<CommandResult> busy =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ssh.run(Command.of(T, "sleep", "3"));
                } catch (DriverException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
      Poll.until(T, "sleep to hold the shell", () -> own.running("sleep"));
      own.freezeConnections();
      try {
        DriverException e =
            assertThrows(DriverException.class, () -> ssh.run(Command.of(T, "true")));
        assertTrue(e instanceof dev.baton.engine.OutcomeUnknownException, e.toString());
        assertEquals(
            "the SSH server of node db-a did not confirm the channel for true within 1 s;"
                + " it may still run, so its outcome is unknown",
            e.getMessage());
      } finally {
        own.thawConnections();
      }
      assertEquals(0, busy.get(20, TimeUnit.SECONDS).exitCode());
    }
  }

  private static SshSettings confirmingWithin(LocalSshd own, int seconds) {
    return new SshSettings(
        own.knownHostsFile(),
        List.of(own.clientKey()),
        null,
        null,
        Duration.ofSeconds(seconds),
        Duration.ofSeconds(30));
  }

  @Test
  void startsAndStopsAFreshDaemonEachTime() throws Exception {
    Path dir;
    try (LocalSshd own = LocalSshd.start()) {
      dir = own.dir();
      try (InputStream ignored = Files.newInputStream(own.knownHostsFile())) {
        assertTrue(Files.readString(own.knownHostsFile()).startsWith("[127.0.0.1]:" + own.port()));
      }
    }
    assertTrue(Files.notExists(dir));
  }
}
