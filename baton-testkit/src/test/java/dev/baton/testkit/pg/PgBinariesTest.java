package dev.baton.testkit.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertTrue(Files.isExecutable(zonky.path("postgres")));
    assertTrue(Files.exists(zonky.binDir().resolveSibling(PgBinaries.COMPLETE_MARKER)));
    // Asked again, the binary itself (run as the postgres user) still says 15.8.
    assertEquals("15.8", PgBinaries.versionOf(zonky.binDir()));
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
      }
    } finally {
      Dirs.deleteTree(parent);
    }
  }
}
