package dev.baton.fleet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowTest {

  // Saturday 2026-12-05 22:00 to Sunday 04:00, in Paris (UTC+1 in December).
  private final Window saturdayNight =
      new Window(
          "nights",
          Set.of(DayOfWeek.SATURDAY),
          LocalTime.of(22, 0),
          LocalTime.of(4, 0),
          ZoneId.of("Europe/Paris"));

  @Test
  void aWindowPastMidnightIsOpenFromItsStartOnItsDayUntilItsEndTheNextMorning() {
    assertFalse(saturdayNight.open(Instant.parse("2026-12-05T20:59:00Z")), "21:59 Saturday");
    assertTrue(saturdayNight.open(Instant.parse("2026-12-05T21:00:00Z")), "22:00 Saturday");
    assertTrue(saturdayNight.open(Instant.parse("2026-12-06T02:59:00Z")), "03:59 Sunday");
    assertFalse(saturdayNight.open(Instant.parse("2026-12-06T03:00:00Z")), "04:00 Sunday");
    assertFalse(saturdayNight.open(Instant.parse("2026-12-06T21:30:00Z")), "22:30 Sunday");
  }

  @Test
  void aDaytimeWindowWithoutDaysIsOpenEveryDay() {
    Window office =
        new Window("office", Set.of(), LocalTime.of(9, 0), LocalTime.of(17, 0), ZoneId.of("UTC"));
    assertTrue(office.open(Instant.parse("2026-12-06T09:00:00Z")));
    assertFalse(office.open(Instant.parse("2026-12-06T17:00:00Z")));
  }
}
