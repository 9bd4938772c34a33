package dev.baton.drivers.pooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.ForwardingTransport;
import dev.baton.drivers.transport.LocalTransport;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PgBouncer's file rewritten on a node in one command (or prepared beside it and renamed), only if
 * it is still what was read.
 */
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
  void aPreparedRewriteChangesNothingUntilItIsCommitted() throws Exception {
    Path f = Files.writeString(dir.resolve("pgbouncer.ini"), INI);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    ConfigFile file = ConfigFile.of(new LocalTransport(), f.toString());

    ConfigFile.Prepared prepared = file.prepare(file.read(), "appdb", "10.0.0.6", 5433);

    String after = INI.replace("10.0.0.5 port=5432", "10.0.0.6 port=5433");
    assertEquals(INI, Files.readString(f));
    Path temp = Path.of(prepared.temp());
    assertEquals(after, Files.readString(temp));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)));

    ConfigFile.Snapshot written = file.commit(prepared);

    assertEquals(after, Files.readString(f));
    assertEquals(after, written.text());
    assertEquals(false, Files.exists(temp));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void aPreparedRewriteOfAnEditedFileKeepsTheEdit() throws Exception {
    Path f = Files.writeString(dir.resolve("pgbouncer.ini"), INI);
    ConfigFile file = ConfigFile.of(new LocalTransport(), f.toString());
    ConfigFile.Snapshot before = file.read();
    Files.writeString(f, INI.replace("listen_port = 6432", "listen_port = 6433"));

    file.commit(file.prepare(before, "appdb", "10.0.0.6", 5433));

    assertEquals(
        INI.replace("10.0.0.5 port=5432", "10.0.0.6 port=5433")
            .replace("listen_port = 6432", "listen_port = 6433"),
        Files.readString(f));
  }

  @Test
  void aPreparedRewriteOfALinkedFileIsRenamedOverItsTarget() throws Exception {
    Path real = Files.writeString(dir.resolve("real.ini"), INI);
    Path link = Files.createSymbolicLink(dir.resolve("pgbouncer.ini"), real);
    ConfigFile file = ConfigFile.of(new LocalTransport(), link.toString());

    file.commit(file.prepare(file.read(), "appdb", "10.0.0.6", 5433));

    assertEquals(true, Files.isSymbolicLink(link));
    assertEquals(INI.replace("10.0.0.5 port=5432", "10.0.0.6 port=5433"), Files.readString(real));
  }

  @Test
  void aDiscardedRewriteLeavesOnlyTheFile() throws Exception {
    Path f = Files.writeString(dir.resolve("pgbouncer.ini"), INI);
    ConfigFile file = ConfigFile.of(new LocalTransport(), f.toString());

    file.discard(file.prepare(file.read(), "appdb", "10.0.0.6", 5433));

    assertEquals(INI, Files.readString(f));
    try (var listing = Files.list(dir)) {
      assertEquals(java.util.List.of(f), listing.toList());
    }
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

  @Test
  void theFileKeepsAnotherUsersOwnershipWhenRootRewritesIt() throws Exception {
    assumeTrue(isRoot(), "only root can give a file to another user");
    Path f = Files.writeString(dir.resolve("pgbouncer.ini"), INI);
    UserPrincipal nobody =
        f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(f, nobody);
    ConfigFile file = ConfigFile.of(new LocalTransport(), f.toString());

    file.replace(file.read(), "appdb", "10.0.0.6", 5433);

    assertEquals(nobody, Files.getOwner(f));
    assertEquals(INI.replace("10.0.0.5 port=5432", "10.0.0.6 port=5433"), Files.readString(f));
  }

  @Test
  void aLoginUserWhoDoesNotOwnTheFileIsRefusedRatherThanTakingItOver() throws Exception {
    assumeTrue(isRoot(), "the test runs the rewrite as nobody on a file root owns");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path f = Files.writeString(dir.resolve("pgbouncer.ini"), INI);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
    ConfigFile file = ConfigFile.of(new As("nobody", new LocalTransport()), f.toString());

    DriverException e =
        assertThrows(
            DriverException.class, () -> file.replace(file.read(), "appdb", "10.0.0.6", 5433));

    assertTrue(e.getMessage().contains("belongs to another user"), e.getMessage());
    assertEquals(INI, Files.readString(f));
    assertEquals("root", Files.getOwner(f).getName());
    assertEquals(false, Files.exists(dir.resolve("pgbouncer.ini.baton-tmp")));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** A node whose login user is {@code user}: every command runs as that user. */
  private static final class As extends ForwardingTransport {
    private final String user;

    As(String user, Transport inner) {
      super(inner);
      this.user = user;
    }

    @Override
    public CommandResult run(Command command) throws DriverException {
      return inner.run(command.as(user));
    }
  }
}
