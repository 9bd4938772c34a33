package dev.baton.drivers.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local commands, run in a long-lived shell when it is free (ADR 0039). */
class LocalTransportTest {

  private static final Duration T = Duration.ofSeconds(10);
  private final LocalTransport local = new LocalTransport();

  @TempDir Path dir;

  @Test
  void aCommandsWordsExitAndBothOutputsComeBackAsTheyWere() throws Exception {
    CommandResult r =
        local.run(
            Command.of(
                T,
                "sh",
                "-c",
                "printf '%s|' \"$@\"; echo oops >&2; exit 3",
                "sh",
                "it's",
                "two words",
                "",
                "$HOME;`x`"));

    assertEquals(3, r.exitCode());
    assertEquals("it's|two words||$HOME;`x`|", r.stdout());
    assertEquals("oops\n", r.stderr());
  }

  @Test
  void commandsOneAfterAnotherShareOneShell() throws Exception {
    String first = parent();
    String second = parent();

    assertEquals(first, second, "the same shell started both");
    assertNotEquals(String.valueOf(ProcessHandle.current().pid()), first, "not the JVM itself");
  }

  @Test
  void aProgramThatIsNotThereCannotBeRunAsBefore() {
    DriverException e =
        assertThrows(
            DriverException.class, () -> local.run(Command.of(T, "no-such-program-baton")));

    assertTrue(e.getMessage().startsWith("cannot run no-such-program-baton"), e.getMessage());
  }

  @Test
  void aCommandPastItsTimeoutIsEndedWithWhatItStartedAndTheNextGetsANewShell() throws Exception {
    Path pid = dir.resolve("child.pid");
    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                local.run(
                    Command.of(
                        Duration.ofSeconds(1),
                        "sh",
                        "-c",
                        "sleep 30 & echo $! > \"$1\"; wait",
                        "sh",
                        pid.toString())));

    assertTrue(e.getMessage().endsWith("did not finish within 1 s"), e.getMessage());
    long child = Long.parseLong(Files.readString(pid).strip());
    // (a bounded wait: the kill is sent, the kernel ends the process a moment later)
    ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).join());
    assertTrue(
        ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true),
        "the command's own child was ended");
    assertEquals(0, local.run(Command.of(T, "true")).exitCode(), "a new shell runs the next");
  }

  @Test
  void aCommandSentWhileTheShellIsBusyRunsInAProcessOfItsOwn() throws Exception {
    Path started = dir.resolve("started");
    Path go = dir.resolve("go");
    String waiter =
        "echo $PPID; : > \"$1\"; n=0; while [ ! -e \"$2\" ] && [ $n -lt 500 ]; do"
            + " n=$((n+1)); sleep 0.01; done";
    CompletableFuture<CommandResult> busy =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return local.run(
                    Command.of(T, "sh", "-c", waiter, "sh", started.toString(), go.toString()));
              } catch (DriverException e) {
                throw new IllegalStateException(e);
              }
            });
    CountDownLatch seen = new CountDownLatch(1);
    for (int i = 0; i < 500 && !Files.exists(started); i++) {
      seen.await(10, TimeUnit.MILLISECONDS);
    }
    assertTrue(Files.exists(started), "the first command started");

    String meanwhile = parent();
    Files.writeString(go, "");
    String shell = busy.get(10, TimeUnit.SECONDS).stdout().strip();

    assertNotEquals(shell, meanwhile, "the second command did not wait for the busy shell");
  }

  /** The pid of the process that started the command. */
  private String parent() throws DriverException {
    return local.run(Command.of(T, "sh", "-c", "echo $PPID")).stdout().strip();
  }
}
