package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgFactsTest {

  private static PgState primaryWith(String applicationName) {
    Map<String, String> row =
        Map.of("application_name", applicationName, "state", "streaming", "lag", "0");
    return new PgState(
        "pg-a",
        PgState.Status.RUNNING,
        false,
        Version.parse("15.8"),
        100,
        false,
        null,
        "1",
        -1,
        false,
        List.of(row),
        "");
  }

  private static PgState standby() {
    return new PgState(
        "pg-b",
        PgState.Status.RUNNING,
        true,
        Version.parse("15.8"),
        100,
        false,
        "streaming",
        "1",
        -1,
        false,
        List.of(),
        "");
  }

  private static Facts facts(Topology t, PgState a) {
    return new PgFacts(Clock.systemUTC()).of(t, Map.of("pg-a", a, "pg-b", standby()), Map.of());
  }

  @Test
  void aStandbyStreamingUnderItsApplicationNamePropertyIsSynced() throws Exception {
    Topology t = PgTopologies.pair("applicationName: walreceiver");

    Facts f = facts(t, primaryWith("walreceiver"));

    assertEquals(LinkState.SYNCED, f.link("pg-stream").orElseThrow());
  }

  @Test
  void withoutThePropertyTheStandbyIsMatchedByItsComponentName() throws Exception {
    Topology t = PgTopologies.pair("");

    assertEquals(LinkState.SYNCED, facts(t, primaryWith("pg-b")).link("pg-stream").orElseThrow());
    assertEquals(
        LinkState.REMOVED, facts(t, primaryWith("walreceiver")).link("pg-stream").orElseThrow());
  }
}
