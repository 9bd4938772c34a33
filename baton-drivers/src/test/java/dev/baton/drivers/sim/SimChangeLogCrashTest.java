package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGKILLed writer that appends changes and folds them into the state file leaves a state that
 * matches its action log: no change without its log entry, no entry without its change.
 */
class SimChangeLogCrashTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void aKilledProcessLeavesEveryChangeWithItsLogEntry() throws Exception {
    Path file = dir.resolve("generated.json");
    Process child = startChild(file);
    try {
      awaitActions(new SimDriver(file), 80, child);
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
      child.waitFor(10, TimeUnit.SECONDS);
    }

    SimDriver resumed = new SimDriver(file);
    List<SimAction> log = resumed.actions();
    int n = log.size();
    assertTrue(n >= 80, "only " + n + " actions before the kill");
    Map<String, String> lastLabel = new HashMap<>();
    for (int i = 0; i < n; i++) {
      SimAction a = log.get(i);
      assertEquals(i + 1L, a.seq());
      assertEquals("k" + (i + 1), a.key());
      lastLabel.put(a.target(), a.params().get("label"));
    }
    SimState s = resumed.state();
    for (int c = 0; c < SimChangeLogCrashChild.SYSTEM.components().size(); c++) {
      String name = "c" + c;
      assertEquals(Optional.ofNullable(lastLabel.get(name)), s.component(name).backup(), name);
    }
    long generation =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(file.toFile())
            .get("generation")
            .asLong();
    assertTrue(generation >= 2, "the log was never folded into the file: generation " + generation);
    // And a new process goes on from there.
    resumed.act(
        SimChangeLogCrashChild.SYSTEM,
        dev.baton.plan.Action.once(dev.baton.plan.Verb.BACKUP, "c0", Map.of("label", "after")),
        "after");
    assertEquals(n + 1, new SimDriver(file).actions().size());
  }

  private static Process startChild(Path file) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            SimChangeLogCrashChild.class.getName(),
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
    throw new AssertionError("the child logged fewer than " + count + " actions within " + WAIT);
  }
}
