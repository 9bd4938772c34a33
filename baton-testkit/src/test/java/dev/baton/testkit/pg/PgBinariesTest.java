package dev.baton.testkit.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Dirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PgBinariesTest {

  @Test
  void zonkyExtractsAnExecutablePostgresThatReports158() {
    PgBinaries zonky = PgBinaries.zonky158();
    assertEquals("15.8", zonky.version());
    assertEquals(15, zonky.major());
    assertTrue(Files.isExecutable(zonky.path("postgres")));
    assertTrue(Files.exists(zonky.binDir().resolveSibling(PgBinaries.COMPLETE_MARKER)));
    // Asked again, the binary itself (run as the postgres user) still says 15.8.
    assertEquals("15.8", PgBinaries.versionOf(zonky.binDir()));
  }

  @Test
  void zonky17ExtractsExecutableServerBinariesThatReport17() {
    PgBinaries pg17 = PgBinaries.zonky17();
    assertTrue(pg17.version().startsWith("17."), pg17.version());
    assertEquals(17, pg17.major());
    for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
      assertTrue(pg17.has(tool), tool + " in " + pg17.binDir());
    }
    assertTrue(Files.exists(pg17.binDir().resolveSibling(PgBinaries.COMPLETE_MARKER)));
    assertNotEquals(PgBinaries.zonky158().binDir(), pg17.binDir());
  }

  @Test
  void zonky16ExtractsServerBinariesThatReport16BesideTheOthers() {
    PgBinaries pg16 = PgBinaries.zonky16();
    assertEquals(16, pg16.major());
    for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
      assertTrue(pg16.has(tool), tool + " in " + pg16.binDir());
    }
    // Side changes are listed through test_decoding, which the 16 build ships.
    assertTrue(
        Files.exists(pg16.binDir().resolveSibling("lib/postgresql/test_decoding.so")),
        "test_decoding in " + pg16.binDir().getParent());
    assertNotEquals(PgBinaries.zonky17().binDir(), pg16.binDir());
  }

  @Test
  void zonky17InitialisesAndRunsAPostgres17Primary() throws Exception {
    // Short, because the Unix socket lives under it.
    Path root = Files.createTempDirectory(Path.of("/tmp"), "bpg17-");
    try {
      PgProcess.giveToPostgres(root);
      try (LocalPgCluster pg =
          LocalPgCluster.initPrimary(root, "pg", PgBinaries.zonky17(), Ports.free())) {
        pg.start();
        int versionNum = Integer.parseInt(pg.sql("SELECT current_setting('server_version_num')"));
        assertTrue(versionNum >= 170000, "server_version_num " + versionNum);
        pg.stop();
        assertFalse(pg.isRunning());
      }
    } finally {
      Dirs.deleteTree(root);
    }
  }

  @Test
  void majorIsTheFirstComponentOfTheVersion() {
    assertEquals(15, new PgBinaries(Path.of("/x"), "15.8").major());
    assertEquals(17, new PgBinaries(Path.of("/x"), "17.6").major());
    assertEquals(18, new PgBinaries(Path.of("/x"), "18").major());
  }

  @Test
  void debianReportsSome15x() {
    String version = PgBinaries.debian().version();
    assertTrue(version.matches("15\\.\\d+"), version);
    assertEquals(PgBinaries.DEBIAN_BIN, PgBinaries.debian().binDir());
  }

  @Test
  void clientToolsZonkyLacksComeFromDebian() {
    assertEquals(PgBinaries.debian().path("pg_basebackup"), PgBinaries.tool("pg_basebackup"));
    assertEquals(PgBinaries.debian().path("pg_rewind"), PgBinaries.tool("pg_rewind"));
    assertEquals(PgBinaries.zonky158().path("initdb"), PgBinaries.tool("initdb"));
  }

  @Test
  void freshCacheIsExtractedOnceAndLeavesNoTemporaryTree() throws Exception {
    Path parent = Files.createTempDirectory(Path.of("/tmp"), "bpg-cache-");
    try {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path cache = parent.resolve("pg");
      PgBinaries first = PgBinaries.zonky158(cache);
      assertEquals("15.8", first.version());
      assertTrue(
          Files.isDirectory(cache.resolve("lib")) && Files.isDirectory(cache.resolve("share")));
      try (Stream<Path> left = Files.list(parent)) {
        assertEquals(List.of(cache), left.toList());
      }
      long modified =
          Files.getLastModifiedTime(cache.resolve(PgBinaries.COMPLETE_MARKER)).toMillis();
      assertEquals(first, PgBinaries.zonky158(cache));
      assertEquals(
          modified,
          Files.getLastModifiedTime(cache.resolve(PgBinaries.COMPLETE_MARKER)).toMillis());
    } finally {
      Dirs.deleteTree(parent);
    }
  }

  @Test
  void cacheBehindADirectoryThePostgresUserCannotEnterIsRefusedClearly() throws Exception {
    Path parent = Files.createTempDirectory(Path.of("/tmp"), "bpg-closed-");
    try {
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
      if (PgProcess.jvmIsRoot()) {
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class, () -> PgBinaries.zonky158(parent.resolve("pg")));
        assertTrue(e.getMessage().contains(parent + " is not traversable"), e.getMessage());
        IllegalStateException e17 =
            assertThrows(
                IllegalStateException.class, () -> PgBinaries.zonky17(parent.resolve("pg")));
        assertTrue(e17.getMessage().endsWith("PgBinaries.zonky17(Path)"), e17.getMessage());
      }
    } finally {
      Dirs.deleteTree(parent);
    }
  }
}
