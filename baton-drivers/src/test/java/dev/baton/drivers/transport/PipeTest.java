package dev.baton.drivers.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.engine.DriverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes from a command on one node into a command on another, through local transports. */
class PipeTest {

  private static final Duration T = Duration.ofSeconds(30);
  private final LocalTransport local = new LocalTransport();

  @TempDir Path dir;

  private Pipe.End on(String node, Command c) {
    return new Pipe.End(node, local, c);
  }

  @Test
  void aTarOfADirectoryArrivesByteForByte() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/sub"));
    byte[] binary = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(binary);
    Files.write(src.resolve("blob.bin"), binary);
    Files.writeString(src.resolve("text"), "a line\r\nno newline");
    Path dst = Files.createDirectories(dir.resolve("dst"));

    Pipe.Copied copied =
        Pipe.copy(
            on("db-a", Command.of(T, "tar", "-cf", "-", "-C", src.getParent().toString(), ".")),
            on("db-b", Command.of(T, "tar", "-xf", "-", "-C", dst.toString())));

    assertEquals(
        sha256(src.resolve("blob.bin")), sha256(dst.resolve("sub/blob.bin")), "same bytes");
    assertEquals("a line\r\nno newline", Files.readString(dst.resolve("sub/text")));
    assertTrue(copied.bytes() > binary.length, copied.bytes() + " bytes");
  }

  @Test
  void aConsumerThatFailsIsNamedWithWhatItSaidAndTheProducerIsStopped() {
    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                Pipe.copy(
                    on("db-a", Command.of(T, "head", "-c", "100000000", "/dev/zero")),
                    on("db-b", Command.of(T, "sh", "-c", "echo 'no space left' >&2; exit 3"))));

    assertEquals(
        "cannot copy from node db-a to node db-b (N bytes copied): sh -c 'echo '\\''no space"
            + " left'\\'' >&2; exit 3' on node db-b exited 3 (no space left);"
            + " head -c 100000000 /dev/zero on node db-a was stopped",
        e.getMessage().replaceFirst("\\(\\d+ bytes", "(N bytes"));
    assertTrue(e.evidence().contains("no space left"), e.evidence());
  }

  @Test
  void aProducerThatFailsFailsTheCopyThoughTheConsumerTookWhatCame() throws Exception {
    Path out = dir.resolve("out");

    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                Pipe.copy(
                    on(
                        "db-a",
                        Command.of(T, "sh", "-c", "printf half; echo 'read error' >&2; exit 2")),
                    on("db-b", Command.of(T, "sh", "-c", "cat > \"$1\"", "sh", out.toString()))));

    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot copy from node db-a to node db-b (4 bytes copied): sh -c 'printf half;"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("on node db-a exited 2 (read error); sh -c"), e.getMessage());
    assertTrue(e.getMessage().endsWith("on node db-b exited 0"), e.getMessage());
    assertEquals("half", Files.readString(out));
  }

  @Test
  void aCopyPastTheShorterTimeoutStopsBothSides() throws Exception {
    Path pid = dir.resolve("producer.pid");
    long t0 = System.nanoTime();

    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                Pipe.copy(
                    on(
                        "db-a",
                        Command.of(
                            Duration.ofSeconds(1),
                            "sh",
                            "-c",
                            "echo $$ > \"$1\"; exec sleep 30",
                            "sh",
                            pid.toString())),
                    on("db-b", Command.of(T, "cat"))));

    long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
    assertTrue(
        e.getMessage()
            .startsWith(
                "copying from node db-a to node db-b did not finish within 1 s (0 bytes copied);"
                    + " stopped sh -c"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" on node db-a and cat on node db-b"), e.getMessage());
    assertTrue(ms < 3000, "gave up after " + ms + " ms");
    long producer = Long.parseLong(Files.readString(pid).strip());
    assertFalse(
        ProcessHandle.of(producer).map(ProcessHandle::isAlive).orElse(false), "sleep was ended");
  }

  @Test
  void eachSideRunsAsItsOwnUser() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "switching users needs root");
    Path out = dir.resolve("who");

    Pipe.copy(
        on("db-a", Command.of(T, "id", "-un").as("nobody")),
        on(
            "db-b",
            Command.of(T, "sh", "-c", "cat > \"$1\"; id -un >> \"$1\"", "sh", out.toString())));

    assertEquals("nobody\nroot\n", Files.readString(out));
  }

  @Test
  void aTransportThatCannotStreamSaysSo() {
    Transport plain =
        new Transport() {
          @Override
          public CommandResult run(Command command) {
            throw new AssertionError();
          }

          @Override
          public java.util.Optional<String> readFile(String path) {
            return java.util.Optional.empty();
          }

          @Override
          public java.net.InetSocketAddress reach(String host, int port) {
            return null;
          }
        };

    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> plain.open(Command.of(T, "cat")));

    assertTrue(
        e.getMessage()
            .endsWith(
                " cannot stream the input and output of cat; only the local and"
                    + " SSH transports can"),
        e.getMessage());
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
