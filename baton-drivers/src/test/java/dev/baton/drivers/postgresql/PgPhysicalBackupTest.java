package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL a backup needs, and its manifest as the node's shell writes and lists it. */
class PgPhysicalBackupTest {

  private static final long SIXTEEN_MB = 16L * 1024 * 1024;

  @Test
  void theWalOfABackupRunsFromItsStartSegmentToItsStopSegmentAcrossA4GbBoundary() {
    assertEquals(
        List.of("0000000200000003000000FE", "0000000200000003000000FF", "000000020000000400000000"),
        PgPhysicalBackup.walSegments(
            "0000000200000003000000FE", "000000020000000400000000", SIXTEEN_MB));
    assertEquals(
        List.of("000000010000000000000002"),
        PgPhysicalBackup.walSegments(
            "000000010000000000000002", "000000010000000000000002", SIXTEEN_MB));
  }

  @Test
  void aBackupWhoseWalChangedTimelineIsNotOneRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PgPhysicalBackup.walSegments(
                    "000000010000000000000002", "000000020000000000000003", SIXTEEN_MB));

    assertEquals(
        "the backup's WAL changed timeline from 000000010000000000000002 to"
            + " 000000020000000000000003",
        e.getMessage());
  }

  @Test
  void theManifestTheNodeWritesListsEveryFileButItselfAndNamesAFlippedByte(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("base/5"));
    Files.writeString(dir.resolve("PG_VERSION"), "16\n");
    Files.write(dir.resolve("base/5/1259"), new byte[8192]);
    Files.writeString(dir.resolve("name with spaces"), "x");
    Files.writeString(dir.resolve(PgPhysicalBackup.VERIFIED), "key\n");
    LocalTransport t = new LocalTransport();

    run(t, BackupManifest.writing(), dir);
    Map<String, BackupManifest.Entry> written =
        BackupManifest.parse(Files.readString(dir.resolve(BackupManifest.FILE)));
    byte[] page = Files.readAllBytes(dir.resolve("base/5/1259"));
    page[100] ^= 0x5a;
    Files.write(dir.resolve("base/5/1259"), page);
    Map<String, BackupManifest.Entry> now =
        BackupManifest.parse(run(t, BackupManifest.listing(), dir));

    assertEquals(
        List.of("PG_VERSION", "base/5/1259", "name with spaces"), List.copyOf(written.keySet()));
    assertEquals(
        new BackupManifest.Entry(
            "e6c21e8d260fe71882debdb339d2402a2ca7648529bc2303f48649bce0380017", 3),
        written.get("PG_VERSION"));
    assertEquals(8192, written.get("base/5/1259").size());
    assertEquals(
        List.of("base/5/1259 has another SHA-256 than the manifest says"),
        BackupManifest.differences(written, now));
  }

  private static String run(LocalTransport t, String script, Path dir) throws Exception {
    CommandResult r =
        t.run(Command.of(Duration.ofSeconds(30), "sh", "-c", script, "sh", dir.toString()));
    assertEquals(0, r.exitCode(), r.transcript());
    return r.stdout();
  }
}
