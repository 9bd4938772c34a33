package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.LocalTransport;
import dev.baton.engine.DriverException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgFailoverPinsTest {

  private static final String HOSTS =
      "# a lab's hosts file\n127.0.10.1 side-a\n127.0.10.2 side-b\n";

  @TempDir Path dir;
  private final LocalTransport local = new LocalTransport();

  @Test
  void pinsNameTheOtherSideWithThisNodesOwnAddressAndLeaveTheRestAlone() throws Exception {
    Path f = Files.writeString(dir.resolve("hosts-a"), HOSTS);
    Object inode = Files.getAttribute(f, "unix:ino");

    PgFailoverPins.pin(local, f.toString(), "side-a", "side-b=127.0.0.1");

    assertEquals("127.0.10.1 side-b # baton-pin\n" + HOSTS, Files.readString(f));
    // Rewritten in place: a bind mount of this file (ip netns exec) sees the pin.
    assertEquals(inode, Files.getAttribute(f, "unix:ino"));
    assertTrue(PgFailoverPins.pinned(local, f.toString()));

    // Pinning again replaces Baton's lines instead of adding more.
    PgFailoverPins.pin(local, f.toString(), "side-a", "side-b=side-a");
    assertEquals("127.0.10.1 side-b # baton-pin\n" + HOSTS, Files.readString(f));

    PgFailoverPins.unpin(local, f.toString());
    assertEquals(HOSTS, Files.readString(f));
    assertFalse(PgFailoverPins.pinned(local, f.toString()));
    assertTrue(
        PgFailoverPins.unpin(local, f.toString()).summary().contains("holds no failover pins"));
  }

  @Test
  void aNameTheFileDoesNotKnowIsRefusedAndNothingIsWritten() throws Exception {
    Path f = Files.writeString(dir.resolve("hosts"), HOSTS);
    DriverException e =
        assertThrows(
            DriverException.class,
            () -> PgFailoverPins.pin(local, f.toString(), "side-a", "side-b=side-c"));
    assertTrue(e.getMessage().contains("does not name it"), e.getMessage());
    assertEquals(HOSTS, Files.readString(f));
  }

  @Test
  void loopbackStaysLoopbackWhenTheFileDoesNotNameThisNode() throws Exception {
    Path f = Files.writeString(dir.resolve("hosts"), "10.0.0.2 db-b\n");
    PgFailoverPins.pin(local, f.toString(), "db-a", "db-b=127.0.0.1");
    assertEquals("127.0.0.1 db-b # baton-pin\n10.0.0.2 db-b\n", Files.readString(f));
  }
}
