package dev.baton.fleet;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A maintenance window: the days it opens on, from one time of day to another in one zone. A window
 * whose end is not after its start runs past midnight and belongs to the day it opens on.
 */
public record Window(String name, Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {

  public Window {
    days = days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
  }

  /** Whether a run may start at {@code now}. */
  public boolean open(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (from.isBefore(to)) {
      return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }
    // Past midnight: open from `from` on one of its days until `to` on the next day.
    return (days.contains(day) && !time.isBefore(from))
        || (days.contains(day.minus(1)) && time.isBefore(to));
  }

  /** E.g. {@code nights (sat, sun 22:00-04:00 Europe/Paris)}. */
  public String describe() {
    String on =
        days.size() == 7
            ? "every day"
            : days.stream()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    return "%s (%s %s-%s %s)".formatted(name, on, from, to, zone.getId());
  }
}
