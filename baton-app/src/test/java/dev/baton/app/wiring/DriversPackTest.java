package dev.baton.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.UsageException;
import dev.baton.drivers.pack.PackDriver;
import dev.baton.engine.Driver;
import dev.baton.model.Topology;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriversPackTest {

  @TempDir Path home;

  private static Topology csmPair(String pack) throws Exception {
    Path file = Path.of("../baton-drivers/src/test/resources/packs/csm-pair.yaml");
    String text = Files.readString(file).replace("pack: copy-services-manager", "pack: " + pack);
    return TopologyLoader.parse(text, file.toString()).topology();
  }

  @Test
  void driverPackOpensThePackDriverWithThePackFromTheCheckout() throws Exception {
    try (Driver d = Drivers.forTopology(csmPair("copy-services-manager"), new Home(home))) {
      assertInstanceOf(PackDriver.class, d);
    }
    assertEquals("copy-services-manager", Drivers.pack(csmPair("copy-services-manager")).name());
  }

  @Test
  void aPackThatDoesNotExistIsAUsageErrorNamingTheFile() {
    UsageException e =
        assertThrows(UsageException.class, () -> Drivers.pack(csmPair("no-such-pack")));
    assertTrue(
        e.getMessage().contains("packs/no-such-pack.yaml:1:1: cannot read the pack"),
        e.getMessage());
  }
}
