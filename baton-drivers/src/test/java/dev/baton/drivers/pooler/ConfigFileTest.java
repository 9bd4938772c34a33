package dev.baton.drivers.pooler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.drivers.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PgBouncer's file rewritten on a node in one command, only if it is still what was read. */
class ConfigFileTest {

  @TempDir Path dir;

  private static final String INI =
      "[databases]\nappdb = host=10.0.0.5 port=5432 dbname=app\n\n[pgbouncer]\nlisten_port = 6432\n";

  @Test
  void theEntryIsRewrittenAndTheFileKeepsItsMode() throws Exception {
    Path f = Files.writeString(dir.resolve("pgbouncer.ini"), INI);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    ConfigFile file = ConfigFile.of(new LocalTransport(), f.toString());

    ConfigFile.Snapshot written = file.replace(file.read(), "appdb", "10.0.0.6", 5433);

    assertEquals(INI.replace("10.0.0.5 port=5432", "10.0.0.6 port=5433"), Files.readString(f));
    assertEquals(Files.readString(f), written.text());
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    assertEquals("10.0.0.6:5433", ConfigFile.target(written, "appdb"));
  }

  @Test
  void anEditMadeSinceTheReadIsKeptNotOverwritten() throws Exception {
    Path f = Files.writeString(dir.resolve("pgbouncer.ini"), INI);
    ConfigFile file = ConfigFile.of(new LocalTransport(), f.toString());
    ConfigFile.Snapshot before = file.read();
    Files.writeString(f, INI.replace("listen_port = 6432", "listen_port = 6433"));

    file.replace(before, "appdb", "10.0.0.6", 5433);

    assertEquals(
        INI.replace("10.0.0.5 port=5432", "10.0.0.6 port=5433")
            .replace("listen_port = 6432", "listen_port = 6433"),
        Files.readString(f));
  }

  @Test
  void aLinkedFileStaysLinked() throws Exception {
    Path real = Files.writeString(dir.resolve("real.ini"), INI);
    Path link = Files.createSymbolicLink(dir.resolve("pgbouncer.ini"), real);
    ConfigFile file = ConfigFile.of(new LocalTransport(), link.toString());

    file.replace(file.read(), "appdb", "10.0.0.6", 5433);

    assertEquals(true, Files.isSymbolicLink(link));
    assertEquals(INI.replace("10.0.0.5 port=5432", "10.0.0.6 port=5433"), Files.readString(real));
  }
}
