package dev.baton.journal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fixed-width UTC timestamps, so stored times sort as text and round-trip to the nanosecond. */
final class Timestamps {

  // Instant.toString() drops trailing zero digits, and "…00Z" then sorts after "…00.5Z".
  private static final DateTimeFormatter FIXED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter TIME_OF_DAY =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  static String format(Instant instant) {
    return FIXED.format(instant);
  }

  static Instant parse(String text) {
    return Instant.parse(text);
  }

  /** The time as an operator reads it in a sentence, e.g. {@code 23:15:02Z}. */
  static String timeOfDay(Instant instant) {
    return TIME_OF_DAY.format(instant);
  }
}
