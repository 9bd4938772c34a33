package dev.baton.testkit.workload;

import static dev.baton.testkit.workload.Ops.failed;
import static dev.baton.testkit.workload.Ops.history;
import static dev.baton.testkit.workload.Ops.ok;
import static dev.baton.testkit.workload.Ops.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LostWritesCheckerTest {

  private static final String A = "10.0.0.1:5432";

  private final History threeAcked = history(ok(1, 0, 1, A), ok(2, 1, 2, A), ok(3, 2, 3, A));

  @Test
  void allAcknowledgedIdsPresentPasses() {
    LostWritesChecker.Result r = LostWritesChecker.check(threeAcked, Set.of(1L, 2L, 3L));
    assertTrue(r.ok());
    assertEquals(
        "no lost writes: all 3 acknowledged ids are present and no unexpected id appeared"
            + " (0 unknown present, 0 unknown absent)",
        r.summary());
  }

  @Test
  void oneAcknowledgedIdMissingIsLost() {
    LostWritesChecker.Result r = LostWritesChecker.check(threeAcked, Set.of(1L, 3L));
    assertFalse(r.ok());
    assertEquals(List.of(2L), r.lost());
    assertEquals(List.of(), r.unexpected());
    assertEquals(
        "LOST WRITES: 1 of 3 acknowledged ids missing [2] and 0 unexpected ids present"
            + " (0 unknown present, 0 unknown absent)",
        r.summary());
  }

  @Test
  void anIdPresentButNeverAcknowledgedIsUnexpected() {
    History h = history(ok(1, 0, 1, A), failed(2, 1, 2));
    LostWritesChecker.Result r = LostWritesChecker.check(h, Set.of(1L, 2L, 7L));
    assertFalse(r.ok());
    assertEquals(List.of(), r.lost());
    assertEquals(List.of(2L, 7L), r.unexpected());
  }

  @Test
  void unknownIdsAreNeitherLostNorUnexpectedWhetherPresentOrAbsent() {
    History h = history(ok(1, 0, 1, A), unknown(2, 1, 6), unknown(3, 6, 9), ok(4, 9, 10, A));
    LostWritesChecker.Result r = LostWritesChecker.check(h, Set.of(1L, 2L, 4L));
    assertTrue(r.ok());
    assertEquals(1, r.unknownPresent());
    assertEquals(1, r.unknownAbsent());
  }

  @Test
  void longListsOfLostIdsAreCutInTheSummary() {
    Op[] ops = new Op[12];
    for (int i = 0; i < ops.length; i++) {
      ops[i] = ok(i + 1, i, i + 1, A);
    }
    LostWritesChecker.Result r = LostWritesChecker.check(history(ops), Set.of());
    assertEquals(12, r.lost().size());
    assertTrue(r.summary().contains("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …]"), r.summary());
  }
}
