package dev.baton.app.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.UsageException;
import dev.baton.engine.Driver;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.topology.BadInputException;
import dev.baton.topology.LoadedTopology;
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
      assertEquals("pack copy-services-manager", d.name());
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

  @Test
  void planningReadsThePackATopologyNamesWhateverItsDriver() throws Exception {
    Path file = Path.of("../examples/entsso-cluster.yaml");
    String text = Files.readString(file).replace("pack: entsso", "pack: no-such-pack");
    LoadedTopology lt = TopologyLoader.parse(text, file.toString());
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                Session.plan(
                    Session.strategy("uncluster"), lt, Facts.empty(), Goal.upgradeTo("4.0.2")));
    assertTrue(
        e.getMessage().contains("entsso-cluster.yaml:9:7: pack no-such-pack is not in")
            && e.getMessage().contains("(known: ccmp,"),
        e.getMessage());
  }
}
