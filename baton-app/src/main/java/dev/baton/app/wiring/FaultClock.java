package dev.baton.app.wiring;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The clock a driver reads its facts at, set ahead only through the environment for tests: {@code
 * BATON_FAULT_CLOCK_AHEAD=PT25H} makes a split look a day old, so seed 002's restore rule can be
 * tested without waiting a day. Like {@link FaultJournal}, nothing but the environment turns it on.
 */
final class FaultClock {

  static final String AHEAD = "BATON_FAULT_CLOCK_AHEAD";

  private FaultClock() {}

  static Clock forDrivers() {
    String ahead = System.getenv(AHEAD);
    if (ahead == null || ahead.isBlank()) {
      return Clock.systemUTC();
    }
    try {
      return Clock.offset(Clock.systemUTC(), Duration.parse(ahead.strip()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          AHEAD + " must be an ISO-8601 duration such as PT25H, not " + ahead, e);
    }
  }
}
