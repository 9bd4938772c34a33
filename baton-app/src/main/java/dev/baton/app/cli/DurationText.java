package dev.baton.app.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Durations on the command line: {@code 500ms}, {@code 3s}, {@code 5m}, {@code 1h}; bare = s. */
final class DurationText implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  static Duration parse(String text) {
    Duration d =
        dev.baton.model.Durations.parse(text)
            .orElseThrow(
                () ->
                    new CommandLine.TypeConversionException(
                        "'" + text + "' is not a duration; write e.g. 500ms, 30s, 5m or 1h"));
    if (d.compareTo(MAX) > 0) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is longer than a year (" + MAX.toHours() + "h)");
    }
    return d;
  }

  /** Longer than any watch or timeout means; far below where time arithmetic overflows. */
  static final Duration MAX = Duration.ofDays(365);

  /** {@code 250 ms}, {@code 3 s}, {@code 5 min} for sentences. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + " min";
    }
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
