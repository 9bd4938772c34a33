package dev.baton.testkit.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

class PlumbingTest {

  @Test
  void backoffStartsAt5msAndDoublesTo50ms() {
    Backoff b = new Backoff(WorkloadClient.BACKOFF_MIN, WorkloadClient.BACKOFF_MAX);
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ms.add(Duration.ofNanos(b.nextNanos()).toMillis());
    }
    assertEquals(List.of(5L, 10L, 20L, 40L, 50L, 50L), ms);
    b.reset();
    assertEquals(5, Duration.ofNanos(b.nextNanos()).toMillis());
  }

  @Test
  void theClientsTimeoutsApplyUnlessTheUrlOrTheCallerSetsThem() {
    Properties given = new Properties();
    given.setProperty("loginTimeout", "7");
    Properties merged = Jdbc.properties(WorkloadClient.DEFAULT_PROPERTIES, given);
    Properties parsed =
        Driver.parseURL(
            "jdbc:postgresql://a:5432,b:5433/db?targetServerType=primary&socketTimeout=9", merged);
    assertEquals("2", parsed.getProperty("connectTimeout"));
    assertEquals("9", parsed.getProperty("socketTimeout"));
    assertEquals("7", parsed.getProperty("loginTimeout"));
  }

  @Test
  void aProbeTargetIsLabelledByHostAndPort() {
    assertEquals("127.0.0.1:5433", Jdbc.label("jdbc:postgresql://127.0.0.1:5433/postgres"));
  }

  @Test
  void theTimelineIsReadFromTheWalFileName() {
    assertEquals(1L, Inserter.timeline("000000010000000000000003"));
    assertEquals(26L, Inserter.timeline("0000001A0000000000000003"));
    assertNull(Inserter.timeline(null));
    assertNull(Inserter.timeline("zz"));
  }
}
