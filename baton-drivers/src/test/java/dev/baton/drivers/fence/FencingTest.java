package dev.baton.drivers.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.model.Component;
import dev.baton.model.Version;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FencingTest {

  private static Component pg(Map<String, String> properties) {
    return new Component(
        "pg-a", "node-a", "postgresql", Version.parse("15.8"), "pg", "primary", 0, properties);
  }

  @Test
  void withoutAnyFencePropertyOnlyTheDatabaseFencesAndNothingWorksUnreachable() {
    Fencing f = Fencing.of(pg(Map.of()));

    assertEquals(List.of(Fencing.Method.DATABASE), f.methods());
    assertTrue(f.agent().isEmpty());
    assertFalse(f.worksUnreachable());
  }

  @Test
  void anAgentAloneMeansTheDatabaseFirstThenTheAgent() {
    Fencing f = Fencing.of(pg(Map.of("fenceAgent", "/usr/sbin/fence_ipmilan")));

    assertEquals(List.of(Fencing.Method.DATABASE, Fencing.Method.AGENT), f.methods());
    assertTrue(f.worksUnreachable());
    assertEquals(Fencing.DEFAULT_TIMEOUT, f.agent().orElseThrow().timeout());
  }

  @Test
  void theWrittenOrderIsKeptAndTheTimeoutRead() {
    Fencing f =
        Fencing.of(
            pg(
                Map.of(
                    "fence", "agent, database",
                    "fenceAgent", "/a",
                    "fenceTimeout", "1500ms")));

    assertEquals(List.of(Fencing.Method.AGENT, Fencing.Method.DATABASE), f.methods());
    assertEquals(Duration.ofMillis(1500), f.agent().orElseThrow().timeout());
    assertEquals("agent, database", f.describe());
  }

  @Test
  void mistakesAreSentencesNamingTheComponentAndTheFix() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> Fencing.of(pg(Map.of("fence", "stonith"))));
    assertEquals(
        "component pg-a: fence method 'stonith' is unknown; known: database, agent",
        unknown.getMessage());

    IllegalArgumentException noAgent =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fencing.of(pg(Map.of("fence", "database, agent"))));
    assertTrue(noAgent.getMessage().contains("fix: set fenceAgent"), noAgent.getMessage());

    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fencing.of(pg(Map.of("fence", "database, database"))));
    assertTrue(twice.getMessage().contains("named twice"), twice.getMessage());

    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Fencing.of(
                    pg(
                        Map.of(
                            "fenceAgent", "/a",
                            "fenceOption.password", "x",
                            "fenceSecret.password", "ipmi"))));
    assertTrue(both.getMessage().contains("keep one"), both.getMessage());

    IllegalArgumentException action =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fencing.of(pg(Map.of("fenceAgent", "/a", "fenceOption.action", "reboot"))));
    assertTrue(action.getMessage().contains("Baton gives the action"), action.getMessage());

    IllegalArgumentException badTimeout =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fencing.of(pg(Map.of("fenceAgent", "/a", "fenceTimeout", "soon"))));
    assertTrue(badTimeout.getMessage().contains("not a duration"), badTimeout.getMessage());
  }
}
