package dev.baton.testkit.ssh;

import dev.baton.testkit.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A throwaway ssh-agent on its own socket, holding the keys a test adds. Stop it with close(). */
public final class LocalSshAgent implements AutoCloseable {

  private final Path dir;
  private final Process agent;

  private LocalSshAgent(Path dir, Process agent) {
    this.dir = dir;
    this.agent = agent;
  }

  /** Starts {@code ssh-agent -D} on a fresh socket and waits until the socket exists. */
  public static LocalSshAgent start() throws IOException {
    Path dir = Files.createTempDirectory("baton-agent-");
    Path socket = dir.resolve("agent.sock");
    Process p =
        new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile())
            .start();
    LocalSshAgent agent = new LocalSshAgent(dir, p);
    try {
      Poll.until(
          Duration.ofSeconds(10), "ssh-agent to create " + socket, () -> Files.exists(socket));
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  public Path socket() {
    return dir.resolve("agent.sock");
  }

  /** Adds the private key in {@code key} (no passphrase) with ssh-add. */
  public void add(Path key) throws IOException {
    Tools.run(Map.of("SSH_AUTH_SOCK", socket().toString()), "ssh-add", "-q", key.toString());
  }

  @Override
  public void close() {
    agent.destroyForcibly();
    try {
      agent.waitFor();
      Files.deleteIfExists(socket());
      Files.deleteIfExists(dir.resolve("agent.log"));
      Files.deleteIfExists(dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
