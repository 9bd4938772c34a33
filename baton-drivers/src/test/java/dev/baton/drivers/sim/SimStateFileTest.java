package dev.baton.drivers.sim;

import static dev.baton.drivers.sim.CsmPair.A;
import static dev.baton.drivers.sim.CsmPair.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.engine.DriverException;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimStateFileTest {

  @TempDir Path dir;

  @Test
  void stateSurvivesANewDriverOnTheSameFile() throws Exception {
    Path file = dir.resolve("csm.json");
    new SimDriver(file).act(CsmPair.topology(), Action.once(Verb.TAKEOVER, B, Map.of()), "k1");
    new SimDriver(file).setLag(CsmPair.LINK, 7);

    SimDriver fresh = new SimDriver(file);

    assertEquals(Optional.of("active"), fresh.observe(CsmPair.topology(), List.of()).role(B));
    assertEquals(Optional.of(true), fresh.observe(CsmPair.topology(), List.of("k1")).applied("k1"));
    assertEquals(7, fresh.state().link(CsmPair.LINK).lagBytes());
  }

  @Test
  void actLeavesACompleteJsonFileAndNoTemporaryFile() throws Exception {
    SimDriver d = new SimDriver(dir.resolve("csm.json"));

    d.act(CsmPair.topology(), Action.once(Verb.BACKUP, A, Map.of("label", "b1")), "k1");

    assertFalse(Files.exists(dir.resolve("csm.json.tmp")));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("csm.json").toFile());
    assertEquals("b1", json.at("/components/csm-a-server/backup").asText());
    assertEquals("k1", json.at("/actions/0/key").asText());
    assertEquals("backup", json.at("/actions/0/verb").asText());
  }

  @Test
  void aStateFileFromAnotherSystemIsRefused() throws Exception {
    Path file = dir.resolve("csm.json");
    new SimDriver(file).initialise(CsmPair.topology());
    Topology other = CsmPair.topology();
    Topology renamed =
        new Topology(
            "other",
            other.pack(),
            other.driver(),
            other.roleModel(),
            other.sides(),
            other.nodes(),
            other.components(),
            other.links(),
            other.entryPoints(),
            other.secrets(),
            other.sim());

    DriverException e =
        assertThrows(DriverException.class, () -> new SimDriver(file).observe(renamed, List.of()));

    assertEquals(
        "sim state " + file.toAbsolutePath() + " belongs to system csm, not other", e.getMessage());
  }

  @Test
  void testKnobsNeedAnExistingState() {
    SimDriver d = new SimDriver(dir.resolve("missing.json"));

    assertThrows(IllegalStateException.class, () -> d.setLag(CsmPair.LINK, 1));
    assertFalse(Files.exists(dir.resolve("missing.json")));
  }

  @Test
  void stateFileForIsUnderTheWorkDirectory() {
    assertEquals(Path.of("/w/sim/csm.json"), SimDriver.stateFileFor(Path.of("/w"), "csm"));
  }
}
