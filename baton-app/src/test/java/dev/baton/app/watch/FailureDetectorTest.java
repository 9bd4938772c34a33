package dev.baton.app.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {

  private static final long S = 1_000_000_000L;

  @Test
  void failuresShorterThanTheTimeoutAreNotDeclared() {
    FailureDetector d = new FailureDetector(Duration.ofSeconds(3));
    assertInstanceOf(FailureDetector.Suspect.class, d.record(false, "refused", 0));
    assertInstanceOf(FailureDetector.Suspect.class, d.record(false, "refused", 2 * S));
    assertInstanceOf(
        FailureDetector.Suspect.class, d.record(false, "refused", 3 * S - 1), "1 ns short");
    assertInstanceOf(FailureDetector.Alive.class, d.record(true, "", 3 * S + 1));
    // The count starts again from the next failure.
    assertInstanceOf(FailureDetector.Suspect.class, d.record(false, "refused", 5 * S));
    assertInstanceOf(FailureDetector.Suspect.class, d.record(false, "refused", 7 * S));
  }

  @Test
  void failuresAsLongAsTheTimeoutDeclareTheActiveDownOnce() {
    FailureDetector d = new FailureDetector(Duration.ofSeconds(3));
    d.record(false, "refused", 10 * S);
    FailureDetector.Verdict v = d.record(false, "refused", 13 * S);
    FailureDetector.Declared declared = assertInstanceOf(FailureDetector.Declared.class, v);
    assertEquals(3 * S, declared.detectionNanos());
    assertEquals("down: every check failed for 3000 ms: refused", v.sentence());
    assertInstanceOf(FailureDetector.StillDown.class, d.record(false, "refused", 14 * S));
    assertInstanceOf(FailureDetector.Recovered.class, d.record(true, "", 15 * S));
  }

  @Test
  void aZeroTimeoutDeclaresOnTheFirstFailure() {
    FailureDetector d = new FailureDetector(Duration.ZERO);
    assertInstanceOf(FailureDetector.Declared.class, d.record(false, "refused", 5));
  }
}
