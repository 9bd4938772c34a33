package dev.baton.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetStatusTest {

  private static SystemStatus system(String name, int wave, SystemState state, int finished) {
    return new SystemStatus(
        name,
        wave,
        state,
        null,
        0,
        null,
        null,
        finished == 0 ? null : Instant.ofEpochSecond(finished),
        null);
  }

  @Test
  void aSpentFailureBudgetSaysWhichSystemsSpentItAndWhatIsLeft() {
    FleetStatus status =
        new FleetStatus(
            "q3",
            FleetState.ACTIVE,
            null,
            2,
            3,
            List.of(
                system("s1", 0, SystemState.DONE, 1),
                system("s2", 1, SystemState.HALTED, 5),
                system("s3", 1, SystemState.FAILED, 3),
                system("s4", 1, SystemState.RUNNING, 0),
                system("s5", 2, SystemState.PENDING, 0)));

    assertEquals(
        "stopped starting systems: 2 of a failure budget of 2 failed or halted"
            + " (s3 failed, s2 halted); 1 running finish, 1 stay pending",
        status.sentence());
  }

  @Test
  void aRollingFleetSaysItsWave() {
    FleetStatus status =
        new FleetStatus(
            "q3",
            FleetState.ACTIVE,
            null,
            null,
            3,
            List.of(
                system("s1", 0, SystemState.DONE, 1),
                system("s2", 1, SystemState.RUNNING, 0),
                system("s3", 2, SystemState.PENDING, 0)));
    assertEquals("wave 2 of 3: 1 running, 1 pending, 1 done", status.sentence());
  }
}
