package dev.baton.app.watch;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times of day for the watcher's lines, in the local zone, to the millisecond. */
public final class Times {
  private Times() {}

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  public static String clock(Instant at) {
    return at == null ? "never" : CLOCK.format(at);
  }
}
