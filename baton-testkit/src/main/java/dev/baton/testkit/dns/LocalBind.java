package dev.baton.testkit.dns;

import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A throwaway BIND primary (Debian's named) on 127.0.0.1 serving the zone {@code baton.test.}, with
 * {@code db.baton.test. 300 A 127.0.0.1}, updatable with one TSIG key.
 */
public final class LocalBind implements AutoCloseable {

  public static final String ZONE = "baton.test.";
  public static final String KEY_NAME = "baton-key.";

  /** named drops to this user when started as root; it must own the directory it writes. */
  static final String OS_USER = "bind";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Path dir;
  private final int port;
  private final String keySecret;
  private final Process named;
  private boolean closed;

  private LocalBind(Path dir, int port, String keySecret, Process named) {
    this.dir = dir;
    this.port = port;
    this.keySecret = keySecret;
    this.named = named;
  }

  /** Starts named on a free port and returns once it answers for the zone. */
  public static LocalBind start() {
    Path dir = BindFiles.tempDir();
    try {
      String secret = generateSecret();
      int port = FreePort.udpAndTcp();
      BindFiles.write(dir, port, secret);
      LocalBind bind = new LocalBind(dir, port, secret, launch(dir));
      bind.awaitReady();
      return bind;
    } catch (RuntimeException e) {
      // awaitReady stops named before throwing; here only the directory is left.
      Dirs.deleteTree(dir);
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** The {@code server} property of an entry point that uses this server. */
  public String server() {
    return "127.0.0.1:" + port;
  }

  public String zone() {
    return ZONE;
  }

  public String keyName() {
    return KEY_NAME;
  }

  /** The base64 TSIG key; for tests only, so that they can hand it to the redirector. */
  public String keySecret() {
    return keySecret;
  }

  /** named's process, for tests of the fixture itself. */
  long pid() {
    return named.pid();
  }

  /** The directory holding named's files, for tests of the fixture itself. */
  Path dir() {
    return dir;
  }

  /** {@code dig +short <name> A} against this server: the addresses, one a line. */
  public String dig(String name) {
    return Commands.run(digCommand("+short", name, "A")).strip();
  }

  /** {@code dig +noall +answer <name> A}: the answer section, with the TTLs. */
  public String digAnswer(String name) {
    return Commands.run(digCommand("+noall", "+answer", name, "A")).strip();
  }

  private List<String> digCommand(String... args) {
    // dig bounds its own time: one try of one second, so a dead server cannot hang a test.
    List<String> cmd = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", "" + port));
    cmd.addAll(List.of("+time=1", "+tries=1", "+norecurse"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static String generateSecret() {
    String out = Commands.run(List.of("tsig-keygen", "-a", "hmac-sha256", "baton-key"));
    Matcher m = Pattern.compile("secret \"([^\"]+)\"").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("tsig-keygen printed no secret");
    }
    return m.group(1);
  }

  private static Process launch(Path dir) {
    List<String> cmd = new ArrayList<>(List.of("/usr/sbin/named", "-g", "-4"));
    cmd.addAll(List.of("-c", dir.resolve("named.conf").toString()));
    if (Commands.jvmIsRoot()) {
      cmd.addAll(List.of("-u", OS_USER));
    }
    try {
      // A file, not a pipe: nobody reads named's log while it runs, and a full pipe would block it.
      return new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("named.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  private void awaitReady() {
    try {
      Poll.until(
          START_TIMEOUT, "named to answer for " + ZONE, () -> !named.isAlive() || answersSoa());
    } catch (IllegalStateException e) {
      fail(e.getMessage());
    }
    if (!named.isAlive()) {
      fail("named exited with " + named.exitValue() + " while starting");
    }
  }

  private boolean answersSoa() {
    return Commands.tryRun(digCommand("+short", ZONE, "SOA")).contains("hostmaster." + ZONE);
  }

  private void fail(String why) {
    String log = BindFiles.read(dir.resolve("named.log"));
    stop();
    throw new IllegalStateException(why + "\n--- named.log ---\n" + log);
  }

  /** Stops named (SIGTERM, then SIGKILL after a bounded wait) and deletes its directory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    Dirs.deleteTree(dir);
  }

  private void stop() {
    named.destroy();
    if (!waitForExit()) {
      named.destroyForcibly();
      waitForExit();
    }
  }

  private boolean waitForExit() {
    try {
      return named.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
