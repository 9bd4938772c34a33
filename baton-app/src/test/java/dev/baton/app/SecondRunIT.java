package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.FaultJournal;
import dev.baton.drivers.sim.SimDriver;
import dev.baton.journal.SqliteJournal;
import dev.baton.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matrix row 7: a second apply on a system whose run is still going is refused with exit 3. */
class SecondRunIT {

  @TempDir Path home;
  private final Path topology = Cli.example("takeover-sim.yaml");

  @Test
  void aSecondApplyWhileOneRunsIsRefusedWithinTwoSecondsAndSendsNothing() throws Exception {
    Path release = home.resolve("release");
    Path first = Files.createDirectories(home.resolve("first"));
    Process running =
        Cli.start(
            first,
            Map.of(FaultJournal.HANG, "4", FaultJournal.RELEASE, release.toString()),
            Cli.applyTakeover(topology, home));
    try {
      awaitLeaseHeld(running);
      int actionsBefore = new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).actions().size();
      long t0 = System.nanoTime();
      Cli.Result r = Cli.inProcess(Cli.applyTakeover(topology, home));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(3, r.code(), r.toString());
      assertTrue(r.err().contains("refused: system csm-prod is held by"), r.err());
      assertTrue(ms < 2000, "refusal took " + ms + " ms");
      assertEquals(
          actionsBefore, new SimDriver(SimDriver.stateFileFor(home, "csm-prod")).actions().size());
      Files.createFile(release);
      assertTrue(running.waitFor(60, TimeUnit.SECONDS), "the first run did not finish");
      assertEquals(0, running.exitValue(), Files.readString(first.resolve("child.out")));
    } finally {
      running.destroyForcibly();
    }
  }

  /** Bounded wait until the first run's journal shows it holds the lease and has started. */
  private void awaitLeaseHeld(Process running) throws Exception {
    Poll.every(Duration.ofMillis(50))
        .until(
            Duration.ofSeconds(60),
            "the first run to reach its fourth record",
            () -> {
              if (!running.isAlive()) {
                throw new AssertionError(
                    "the first run ended early with exit " + running.exitValue());
              }
              if (Files.exists(home.resolve("journal.db"))) {
                try (SqliteJournal j = SqliteJournal.open(home.resolve("journal.db"))) {
                  return !j.runs(null).isEmpty()
                      && j.events(j.runs(null).get(0).runId()).size() >= 4;
                }
              }
              return false;
            });
  }
}
