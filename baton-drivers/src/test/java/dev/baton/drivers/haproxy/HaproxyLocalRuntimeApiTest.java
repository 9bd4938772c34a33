package dev.baton.drivers.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local runtime API's failures are sentences, and a silent socket cannot hang it. */
class HaproxyLocalRuntimeApiTest {

  private Path dir;

  @BeforeEach
  void createDir() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "bhx-");
  }

  @AfterEach
  void deleteDir() throws Exception {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Test
  void aMissingSocketIsASentence() {
    Path socket = dir.resolve("admin.sock");
    DriverException e =
        assertThrows(DriverException.class, () -> new LocalRuntimeApi(socket).send("show info"));
    assertEquals(
        "HAProxy's stats socket "
            + socket
            + " does not exist; is HAProxy running with \"stats socket "
            + socket
            + " level admin\" in its global section?",
        e.getMessage());
    assertEquals(null, e.getCause());
  }

  @Test
  void aSocketNobodyListensOnIsASentence() throws Exception {
    Path socket = dir.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(socket));
    }
    DriverException e =
        assertThrows(DriverException.class, () -> new LocalRuntimeApi(socket).send("show info"));
    assertEquals(
        "nothing listens on HAProxy's stats socket " + socket + "; is HAProxy running?",
        e.getMessage());
  }

  @Test
  void aSocketThatNeverAnswersTimesOut() throws Exception {
    Path socket = dir.resolve("silent.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(socket));
      long t0 = System.nanoTime();
      DriverException e =
          assertThrows(
              DriverException.class,
              () -> new LocalRuntimeApi(socket, Duration.ofMillis(300)).send("show info"));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.getMessage().startsWith("HAProxy did not answer \"show info\""), e.getMessage());
      assertTrue(tookMs >= 250 && tookMs < 3000, "took " + tookMs + " ms");
    }
  }
}
