package dev.baton.testkit.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.testkit.Timing;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How JDK 17 resolves through {@code -Djdk.net.hosts.file}, which the lab's clients rely on and
 * Baton's pins must suit: the file is read again at every lookup, the first line naming a host
 * wins, and a failed lookup is remembered unless the client says otherwise.
 */
class DualHostsFileTest {

  @TempDir Path dir;
  private Process probe;
  private BufferedWriter toProbe;
  private BufferedReader fromProbe;

  @AfterEach
  void stopProbe() throws InterruptedException {
    if (probe != null) {
      probe.destroyForcibly();
      probe.waitFor(Timing.seconds(10).toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aChangedHostsFileIsReadAtTheNextLookup() throws Exception {
    Path hosts = write("127.0.10.1 side-a\n127.0.10.2 side-b\n");
    start(hosts, true);
    assertEquals("127.0.10.1", resolve("side-a"));

    write("127.0.10.2 side-a\n127.0.10.2 side-b\n");

    assertEquals("127.0.10.2", resolve("side-a"));
  }

  @Test
  void theFirstLineNamingAHostWinsSoAPinAppendedBelowItChangesNothing() throws Exception {
    Path hosts = write("127.0.10.1 side-a\n127.0.10.2 side-b\n");
    start(hosts, true);

    write(
        "127.0.10.1 side-a\n127.0.10.2 side-b\n127.0.10.1 side-b " + DualSideLab.PIN_MARKER + "\n");
    assertEquals("127.0.10.2", resolve("side-b"));

    write(
        "127.0.10.1 side-b " + DualSideLab.PIN_MARKER + "\n127.0.10.1 side-a\n127.0.10.2 side-b\n");
    assertEquals("127.0.10.1", resolve("side-b"));
  }

  @Test
  void aClientThatResolvesAfreshSeesANameAgainAsSoonAsTheFileHasIt() throws Exception {
    Path hosts = write("127.0.10.1 side-a\n");
    start(hosts, true);
    assertEquals("unknown", resolve("side-b"));

    write("127.0.10.1 side-a\n127.0.10.2 side-b\n");

    assertEquals("127.0.10.2", resolve("side-b"));
  }

  @Test
  void withoutThatTheJdkKeepsAFailedLookupForSecondsWhateverTheSystemPropertySays()
      throws Exception {
    Path hosts = write("127.0.10.1 side-a\n");
    start(hosts, false);
    assertEquals("unknown", resolve("side-b"));

    write("127.0.10.1 side-a\n127.0.10.2 side-b\n");

    // java.security's networkaddress.cache.negative.ttl=10 outranks -Dsun.net.inetaddr.negative.ttl
    assertEquals("unknown", resolve("side-b"));
  }

  private Path write(String lines) throws IOException {
    return Files.writeString(dir.resolve("hosts"), "# lab\n" + lines);
  }

  private void start(Path hosts, boolean afresh) throws IOException {
    List<String> command = new ArrayList<>(DualSideLab.javaResolvingThrough(hosts));
    command.add(HostsProbe.class.getName());
    if (afresh) {
      command.add("--afresh");
    }
    probe = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    toProbe =
        new BufferedWriter(new OutputStreamWriter(probe.getOutputStream(), StandardCharsets.UTF_8));
    fromProbe =
        new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Asks the probe; bounded, so a probe that died fails the test instead of hanging it. */
  private String resolve(String name) throws Exception {
    toProbe.write(name + "\n");
    toProbe.flush();
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return fromProbe.readLine();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .get(Timing.seconds(20).toMillis(), TimeUnit.MILLISECONDS);
  }
}
