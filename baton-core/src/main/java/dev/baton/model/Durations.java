package dev.baton.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them, on the command line, in the environment and in topology
 * properties: {@code 500ms}, {@code 3s}, {@code 5m}, {@code 1h}; a bare number is seconds. Each
 * caller says what range it accepts and words its own error.
 */
public final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

  private Durations() {}

  /** The duration {@code text} writes, or empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return Optional.of(
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        });
  }
}
