package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SIGKILLed writer leaves a state whose roles match its action log, never half of a write. */
class SimCrashTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void aKilledProcessLeavesTheStateAndItsLogTogether() throws Exception {
    Path file = dir.resolve("csm.json");
    Process child = startChild(file);
    try {
      awaitActions(new SimDriver(file), 30, child);
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
      child.waitFor(10, TimeUnit.SECONDS);
    }

    SimDriver resumed = new SimDriver(file);
    List<SimAction> log = resumed.actions();
    int n = log.size();
    assertTrue(n >= 30, "only " + n + " actions before the kill");
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1L, log.get(i).seq());
    }
    // Odd counts end on a takeover by B, even counts on one by A: the state must agree.
    String active = n % 2 == 1 ? CsmPair.B : CsmPair.A;
    String standby = n % 2 == 1 ? CsmPair.A : CsmPair.B;
    assertEquals("active", resumed.state().component(active).role().orElseThrow());
    assertEquals("standby", resumed.state().component(standby).role().orElseThrow());
  }

  private static Process startChild(Path file) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            SimCrashChild.class.getName(),
            file.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void awaitActions(SimDriver reader, int count, Process child)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline) && child.isAlive()) {
      if (reader.stateFile().toFile().exists() && reader.actions().size() >= count) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "the child logged fewer than "
            + count
            + " actions within "
            + WAIT
            + " (alive: "
            + child.isAlive()
            + ")");
  }
}
