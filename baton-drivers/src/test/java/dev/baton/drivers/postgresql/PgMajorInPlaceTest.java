package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import dev.baton.model.Component;
import dev.baton.model.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of an in-place major upgrade: names, ordering and quoting. */
class PgMajorInPlaceTest {

  private static PgConfig config(String dataDir) throws DriverException {
    return PgConfig.of(
        new Component(
            "pg-a",
            "node-a",
            "postgresql",
            Version.parse("16.10"),
            "pg",
            "primary",
            0,
            Map.of(
                "port", "5432",
                "dataDir", dataDir,
                "bin.16.10", "/opt/pg16/bin",
                "bin.17.6", "/opt/pg17/bin")));
  }

  @Test
  void theNewAndKeptDirectoriesLieBesideTheDataDirectory() throws Exception {
    PgMajorInPlace.Dirs d = PgMajorInPlace.Dirs.of(config("/srv/pg/data/"), 16, 17);

    assertEquals("/srv/pg/data", d.data());
    assertEquals("/srv/pg/data.new-17", d.fresh());
    assertEquals("/srv/pg/data.old-16", d.kept());
  }

  @Test
  void theOldMajorsBinariesAreThoseOfItsMajorAndAMissingOneIsNamed() throws Exception {
    PgConfig c = config("/srv/pg/data");

    assertEquals("16.10", PgMajorInPlace.versionOf(c, 16).text());
    DriverException e = assertThrows(DriverException.class, () -> PgMajorInPlace.versionOf(c, 15));
    assertEquals(
        "pg-a's data directory holds PostgreSQL 15, and it has no bin.<version> of that major;"
            + " add one (e.g. bin.15.0) naming its binaries",
        e.getMessage());
  }

  @Test
  void viewsAreMadeAfterTheViewsTheyReadFrom() {
    List<String> order =
        PgSchemaCopy.dependencyOrder(
            List.of("1", "2", "3", "4"),
            Map.of("1", List.of("3"), "3", List.of("2", "99"), "4", List.of("1")));

    assertEquals(List.of("2", "3", "1", "4"), order);
  }

  @Test
  void aListSettingKeepsItsQuotingAndAnyOtherIsALiteral() {
    assertEquals(
        "search_path = \"$user\", public",
        PgClusterCopy.assignment("search_path=\"$user\", public"));
    assertEquals("work_mem = '8MB'", PgClusterCopy.assignment("work_mem=8MB"));
    assertEquals("app.note = 'it''s = so'", PgClusterCopy.assignment("app.note=it's = so"));
  }

  @Test
  void aStartThatFoundItsPortTakenIsToldFromOtherFailures() {
    assertTrue(
        PgNewCluster.portTaken(
            "starting a server from /srv/pg/data.new-17 on node-a failed: 2026-12-04 13:02:06.797"
                + " UTC [5081] FATAL:  could not create any TCP/IP sockets"));
    assertTrue(
        PgNewCluster.portTaken(
            "... FATAL:  lock file \"/run/postgresql/.s.PGSQL.25432.lock\" already exists"));
    assertFalse(
        PgNewCluster.portTaken(
            "... FATAL:  unrecognized configuration parameter \"old_snapshot_threshold\""));
  }

  @Test
  void aServersMessagesAreQuotedWithoutTheirTimestamps() {
    assertEquals(
        "LOG: unrecognized configuration parameter \"x\" / FATAL: configuration file contains"
            + " errors",
        PgNewCluster.serverWords(
                "2026-12-04 13:04:55.147 GMT [16434] LOG:  unrecognized configuration parameter"
                    + " \"x\"\n2026-12-04 13:04:55.147 GMT [16434] FATAL:  configuration file"
                    + " contains errors\n")
            .orElseThrow());
  }
}
