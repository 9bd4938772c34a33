package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limit checker of FleetIT must be able to fail: it counts overlaps, not intervals. */
class MostAtOnceTest {

  private static Instant[] from(int start, int end) {
    return new Instant[] {Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)};
  }

  @Test
  void threeRunsThatOverlapAreThreeAtOnce() {
    assertEquals(3, FleetIT.mostAtOnce(List.of(from(0, 10), from(2, 8), from(5, 12))));
  }

  @Test
  void aRunThatStartsWhenAnotherEndsDoesNotOverlapIt() {
    assertEquals(1, FleetIT.mostAtOnce(List.of(from(0, 5), from(5, 10), from(10, 15))));
  }

  @Test
  void twoPairsApartAreTwoAtOnce() {
    assertEquals(2, FleetIT.mostAtOnce(List.of(from(0, 5), from(1, 6), from(7, 9), from(8, 9))));
  }
}
