package dev.baton.app.server;

import static dev.baton.app.server.ConsoleFixture.ALICE;
import static dev.baton.app.server.ConsoleFixture.BOB;
import static dev.baton.app.server.ConsoleFixture.VIC;

import dev.baton.app.Cli;
import dev.baton.testkit.Poll;
import dev.baton.testkit.Timing;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code baton serve} from the product jar in a child JVM, on a free loopback port, with the
 * fixture's three people. Their tokens are in files and only the files' names are on the command
 * line. Stopped by its own pid: SIGTERM first, so its shutdown hook closes the server.
 */
final class ServeProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("baton console on (http://\\S+)");

  final Path dir;
  final Path home;
  private final Process process;
  private final URI base;

  private ServeProcess(Path dir, Path home, Process process, URI base) {
    this.dir = dir;
    this.home = home;
    this.process = process;
    this.base = base;
  }

  /** Starts {@code baton serve} over a fresh home in {@code dir} and waits until it listens. */
  static ServeProcess start(Path dir, Path... topologies) throws Exception {
    Path home = dir.resolve("home");
    List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--home", home.toString()));
    for (Path t : topologies) {
      args.addAll(List.of("--topology", t.toString()));
    }
    args.addAll(List.of("--person", "alice=file:" + token(dir, "alice", ALICE)));
    args.addAll(List.of("--person", "bob=file:" + token(dir, "bob", BOB)));
    args.addAll(List.of("--viewer", "vic=file:" + token(dir, "vic", VIC)));
    Process p = Cli.start(dir, Map.of(), args.toArray(String[]::new));
    try {
      URI base =
          Poll.get(
              Duration.ofSeconds(60),
              "baton serve to say where it listens",
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError(
                      "baton serve ended with exit "
                          + p.exitValue()
                          + ": "
                          + Files.readString(dir.resolve("child.err")));
                }
                Matcher m = LISTENING.matcher(Files.readString(dir.resolve("child.out")));
                return m.find() ? Optional.of(URI.create(m.group(1))) : Optional.empty();
              });
      return new ServeProcess(dir, home, p, base);
    } catch (RuntimeException | Error e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static Path token(Path dir, String name, String value) throws Exception {
    return Files.writeString(dir.resolve(name + ".token"), value + "\n");
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  long pid() {
    return process.pid();
  }

  /** What the server printed, for a failure message. */
  String output() throws Exception {
    return Files.readString(dir.resolve("child.out")) + Files.readString(dir.resolve("child.err"));
  }

  @Override
  public void close() throws Exception {
    ProcessHandle h = process.toHandle();
    h.destroy();
    if (!process.waitFor(Timing.seconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
      h.destroyForcibly();
      process.waitFor(Timing.seconds(20).toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
