package dev.baton.drivers.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.drivers.ssh.RemoteShell;
import dev.baton.model.Topology;
import dev.baton.testing.Fixtures;
import org.junit.jupiter.api.Test;

class TransportsTest {

  private static Topology driven(String driver) {
    Topology t = Fixtures.pair();
    return new Topology(
        t.system(),
        t.pack(),
        driver,
        t.roleModel(),
        t.sides(),
        t.nodes(),
        t.components(),
        t.links(),
        t.entryPoints(),
        t.secrets(),
        t.sim());
  }

  @Test
  void aProductPackDrivesWindowsHostsThroughPowerShell() {
    assertEquals(RemoteShell.POWERSHELL, Transports.shellOf(driven("pack")));
  }

  @Test
  void everyOtherDriverUsesAPosixShell() {
    assertEquals(RemoteShell.POSIX, Transports.shellOf(driven("postgresql")));
    assertEquals(RemoteShell.POSIX, Transports.shellOf(driven("sim")));
  }
}
