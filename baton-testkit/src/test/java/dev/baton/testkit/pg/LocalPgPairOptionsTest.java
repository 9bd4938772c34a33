package dev.baton.testkit.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Poll;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A pair started with synchronous replication and a WAL archive, as seed 004's checks need. */
class LocalPgPairOptionsTest {

  @Test
  void aSynchronousArchivingPairCommitsOnBothAndArchivesItsWal() throws Exception {
    LocalPgPair.Options options =
        LocalPgPair.Options.defaults().withSynchronous(true).withWalArchive(true);
    try (LocalPgPair pair = LocalPgPair.start(PgBinaries.zonky158(), options)) {
      assertEquals("*", pair.pgA().sql("SHOW synchronous_standby_names"));
      assertEquals("sync", pair.pgA().sql("SELECT sync_state FROM pg_stat_replication"));
      assertEquals("on", pair.pgB().sql("SHOW archive_mode"));

      pair.pgA().sql("SELECT pg_switch_wal()");
      Poll.until(
          Duration.ofSeconds(15),
          "a WAL segment in " + pair.walArchive(),
          () -> {
            try (Stream<java.nio.file.Path> files = Files.list(pair.walArchive())) {
              return files.anyMatch(f -> f.getFileName().toString().matches("[0-9A-F]{24}"));
            }
          });
      assertTrue(Files.isDirectory(pair.walArchive()));
    }
  }
}
