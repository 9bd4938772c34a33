package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.sim.SimDriver;
import dev.baton.testkit.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher holds its system's lease while it watches: a second watcher, or a run, on the same
 * system does not act; SIGTERM ends the watch and releases the lease.
 */
class WatchLeaseIT {

  @TempDir Path home;
  private final Path topology = Cli.example("takeover-sim.yaml");

  @Test
  void aSecondWatcherDoesNotActWhileTheFirstHoldsTheLeaseAndSigtermReleasesIt() throws Exception {
    Path first = Files.createDirectories(home.resolve("first"));
    Process watcher =
        Cli.start(
            first,
            Map.of(),
            "watch",
            topology.toString(),
            "--home",
            home.toString(),
            "--heartbeat",
            "200ms",
            "--for",
            "120s");
    try {
      awaitOutput(first, watcher, "holding the lease as watch-");
      int actionsBefore = simActions();

      Cli.Result second =
          Cli.inProcess(
              "watch",
              topology.toString(),
              "--home",
              home.toString(),
              "--on-failure",
              "switchover",
              "--heartbeat",
              "200ms",
              "--for",
              "1s");
      assertEquals(3, second.code(), second.toString());
      assertTrue(
          second.err().contains("not watching, another Baton is in control: system csm-prod is")
              && second.err().contains("held by run watch-"),
          second.err());
      Cli.Result apply = Cli.inProcess(Cli.applyTakeover(topology, home));
      assertEquals(3, apply.code(), apply.toString());
      assertEquals(
          actionsBefore, simActions(), "nothing was sent while the watcher held the lease");

      watcher.destroy(); // SIGTERM
      assertTrue(watcher.waitFor(30, TimeUnit.SECONDS), "the watcher did not stop on SIGTERM");
      assertEquals(0, heldLeases(), "the watcher released its lease on SIGTERM");
    } finally {
      watcher.destroyForcibly();
    }
  }

  private int simActions() throws Exception {
    Path state = SimDriver.stateFileFor(home, "csm-prod");
    return Files.exists(state) ? new SimDriver(state).actions().size() : 0;
  }

  /**
   * Leases on the system not yet expired. A released lease keeps its row, expired, so that the next
   * holder's epoch still grows (ADR 0028).
   */
  private int heldLeases() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("journal.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select expires_at from leases where system = 'csm-prod'")) {
      int held = 0;
      while (rs.next()) {
        if (Instant.parse(rs.getString(1)).isAfter(Instant.now())) {
          held++;
        }
      }
      return held;
    }
  }

  private static void awaitOutput(Path dir, Process p, String text) throws Exception {
    Path out = dir.resolve("child.out");
    Poll.until(
        Duration.ofSeconds(60),
        "'" + text + "' from the watcher",
        () -> {
          if (Files.exists(out) && Files.readString(out).contains(text)) {
            return true;
          }
          if (!p.isAlive()) {
            throw new AssertionError(
                "the watcher ended early with exit "
                    + p.exitValue()
                    + "\n"
                    + Files.readString(dir.resolve("child.err")));
          }
          return false;
        });
  }
}
