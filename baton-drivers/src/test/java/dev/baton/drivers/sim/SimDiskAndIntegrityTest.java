package dev.baton.drivers.sim;

import static dev.baton.drivers.sim.CsmPair.A;
import static dev.baton.drivers.sim.CsmPair.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.guard.FreeSpace;
import dev.baton.guard.IntegrityClean;
import dev.baton.model.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed 000 properties the simulator reports: free space, file sizes and integrity. */
class SimDiskAndIntegrityTest {

  @TempDir Path dir;

  private Facts observe(Topology t) throws DriverException {
    return new SimDriver(dir.resolve("cb.json")).observe(t, List.of());
  }

  @Test
  void byDefaultEveryComponentHasRoomAndACleanIntegrityCheck() throws Exception {
    Topology t = CsmPair.topology();
    Facts f = observe(t);

    assertEquals(Optional.of("ok"), f.property(A + ".integrity"));
    assertTrue(new FreeSpace(A).refusal(t, f).isEmpty());
    assertTrue(new IntegrityClean(B).refusal(t, f).isEmpty());
  }

  @Test
  void theSimSectionSetsDiskSizesAndIntegrityErrors() throws Exception {
    Topology t =
        CsmPair.topology(
            Map.of(
                "disk", Map.of(A, Map.of("free", 5000, "log", 1000, "data", 80_000)),
                "integrityErrors", List.of(B)));
    Facts f = observe(t);

    assertEquals(Optional.of("5000"), f.property(A + ".free_bytes"));
    assertEquals(Optional.of("1000"), f.property(A + ".log_bytes"));
    assertEquals(Optional.of("80000"), f.property(A + ".data_bytes"));
    assertEquals(
        "csm-a-server has 5.0 kB free but needs 8.0 kB (10% of its data file); 3.0 kB short",
        new FreeSpace(A).refusal(t, f).orElseThrow());
    assertEquals(
        "the integrity check of csm-b-server reported 'consistency errors'",
        new IntegrityClean(B).refusal(t, f).orElseThrow());
  }

  @Test
  void anUnknownDiskKeyIsRefused() {
    Topology t = CsmPair.topology(Map.of("disk", Map.of(A, Map.of("spare", 1))));

    DriverException e = assertThrows(DriverException.class, () -> observe(t));

    assertEquals(
        "topology sim.disk.csm-a-server.spare must be one of free, log or data, not 'spare'",
        e.getMessage());
  }

  @Test
  void integrityErrorsNamingAMissingComponentAreRefused() {
    Topology t = CsmPair.topology(Map.of("integrityErrors", List.of("nope")));

    DriverException e = assertThrows(DriverException.class, () -> observe(t));

    assertEquals(
        "topology sim.integrityErrors names component nope, which the topology lacks",
        e.getMessage());
  }
}
