package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.Command;
import dev.baton.model.Topology;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a standby copy runs and writes, decided before anything runs. */
class PgStandbyCopyTest {

  private static final PgStandbyCopy COPY =
      new PgStandbyCopy(null, null, Duration.ofHours(1), line -> {});

  private static PgConfig pgA;
  private static PgConfig pgB;

  private static void pair(String extra) throws Exception {
    Topology t = PgTopologies.pair(extra);
    pgA = PgConfig.of(t.requireComponent("pg-a"));
    pgB = PgConfig.of(t.requireComponent("pg-b"));
  }

  private static PgStandbyCopy.Source source(String listen, String logs) {
    return new PgStandbyCopy.Source(false, 0, listen, logs);
  }

  @Test
  void theSlotIsNamedForTheStandbyInWhatASlotNameMayHold() throws Exception {
    pair("applicationName: New-Standby.17");

    assertEquals("new_standby_17", PgStandbyCopy.slotName(pgB));
  }

  @Test
  void theStandbyGetsItsSlotAndItsOwnPortButKeepsAListenAddressOfAll() throws Exception {
    pair("");

    Map<String, String> s = PgStandbyCopy.standbySettings(pgA, pgB, source("*", "log"), "pg_b");

    assertEquals(Map.of("primary_slot_name", "pg_b", "port", "5433"), s);
  }

  @Test
  void aPrimaryListeningOnItsOwnAddressAndSocketGivesTheStandbyItsOwn() throws Exception {
    pair("socketDir: /run/pg-b");

    Map<String, String> s =
        PgStandbyCopy.standbySettings(pgA, pgB, source("10.0.0.1", "log"), "pg_b");

    assertEquals("/run/pg-b", s.get("unix_socket_directories"));
    assertEquals("10.0.0.2", s.get("listen_addresses"));
  }

  @Test
  void theTarLeavesOutWhatTheServerRemakesAndARelativeLogDirectory() throws Exception {
    pair("osUser: pgb");

    Command p = COPY.producer(pgA, source("*", "log"));
    Command c = COPY.consumer(pgB);

    assertEquals("postgres", p.runAs());
    assertEquals(Duration.ofHours(1), p.timeout());
    assertTrue(p.argv().contains("--exclude=./pg_wal"), p.display());
    assertTrue(p.argv().contains("--exclude=./pg_replslot/*"), p.display());
    assertTrue(p.argv().contains("--exclude=./postmaster.pid"), p.display());
    assertTrue(p.argv().contains("--exclude=./log/*"), p.display());
    assertEquals(
        java.util.List.of("-C", "/srv/a", "."),
        p.argv().subList(p.argv().size() - 3, p.argv().size()));
    assertEquals("pgb", c.runAs());
    assertEquals("/srv/b", c.argv().get(c.argv().size() - 1));
  }

  @Test
  void anAbsoluteLogDirectoryIsNotInTheDataDirectoryAndNotExcluded() throws Exception {
    pair("");

    Command p = COPY.producer(pgA, source("*", "/var/log/postgresql"));

    assertTrue(p.argv().stream().noneMatch(a -> a.contains("/var/log")), p.display());
  }
}
