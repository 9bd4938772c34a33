package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.model.Version;
import org.junit.jupiter.api.Test;

/** Which binaries a stopped server last ran, read from PostgreSQL's own postmaster.opts. */
class VersionOnDiskTest {

  private static PgConfig pgB(String version) throws Exception {
    return PgConfig.of(
        PgTopologies.pair(
                """
                bin.15.8: /opt/pg/15.8/bin
                bin.15.10: /usr/lib/postgresql/15/bin/
                bin.16.4: /usr/lib/postgresql/16/bin
                """,
                version)
            .requireComponent("pg-b"));
  }

  @Test
  void theProgramInPostmasterOptsNamesTheBinariesThatLastRan() throws Exception {
    FakeNode node =
        new FakeNode()
            .file(
                "/srv/b/postmaster.opts",
                "/usr/lib/postgresql/15/bin/postgres \"-D\" \"/srv/b\" \"-c\" \"x=y z\"\n");

    assertEquals(Version.parse("15.10"), PgObserver.versionOnDisk(pgB("15.8"), node));
  }

  @Test
  void aPathWithSpacesEndsWhereTheFirstQuotedArgumentBegins() {
    assertEquals(
        "/opt/my pg/bin", PgObserver.binDirOf("/opt/my pg/bin/postgres \"-D\" \"/srv/b\"\n"));
    assertEquals("/opt/pg/bin", PgObserver.binDirOf("/opt/pg/bin/postgres\n"));
    assertEquals("", PgObserver.binDirOf(""));
  }

  @Test
  void withoutPostmasterOptsTheDeclaredVersionIsAssumed() throws Exception {
    FakeNode node = new FakeNode().file("/srv/b/PG_VERSION", "15\n");

    assertEquals(Version.parse("15.8"), PgObserver.versionOnDisk(pgB("15.8"), node));
  }

  @Test
  void binariesThatNoBinPropertyNamesFallBackToTheDeclaredVersion() throws Exception {
    FakeNode node =
        new FakeNode().file("/srv/b/postmaster.opts", "/somewhere/else/postgres \"-D\" \"/srv/b\"");

    assertEquals(Version.parse("15.8"), PgObserver.versionOnDisk(pgB("15.8"), node));
  }

  @Test
  void aDataDirectoryOfAnotherMajorFallsBackToBinariesOfItsMajor() throws Exception {
    FakeNode node = new FakeNode().file("/srv/b/PG_VERSION", "16\n");

    assertEquals(Version.parse("16.4"), PgObserver.versionOnDisk(pgB("15.8"), node));
  }

  @Test
  void whenTwoVersionsShareADirectoryTheDeclaredOneIsChosen() throws Exception {
    PgConfig c =
        PgConfig.of(
            PgTopologies.pair("bin.15.8: /opt/pg/bin\nbin.15.9: /opt/pg/bin", "15.9")
                .requireComponent("pg-b"));

    assertEquals(Version.parse("15.9"), c.versionIn("/opt/pg/bin").orElseThrow());
    assertTrue(c.versionIn("/opt/other").isEmpty());
  }
}
