package dev.baton.drivers.sim;

import static dev.baton.drivers.sim.CsmPair.A;
import static dev.baton.drivers.sim.CsmPair.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Port assignments across an install (seed 001) and backups that warn (seed 000). */
class SimPortsAndBackupWarningsTest {

  @TempDir Path dir;

  private SimDriver driver() {
    return new SimDriver(dir.resolve("csm.json"));
  }

  private static Action install(String c) {
    return Action.once(Verb.INSTALL, c, Map.of("version", "6.3.1"));
  }

  @Test
  void portsAreReportedOnlyWhenSetAndAnInstallKeepsThem() throws Exception {
    Topology t = CsmPair.topology(Map.of("ports", Map.of(A, "9558,9559")));
    SimDriver sim = driver();
    assertEquals(Optional.of("9558,9559"), sim.observe(t, List.of()).property(A + ".ports"));
    assertEquals(Optional.empty(), sim.observe(t, List.of()).property(B + ".ports"));

    sim.act(t, install(A), "k1");

    assertEquals(Optional.of("9558,9559"), sim.observe(t, List.of()).property(A + ".ports"));
  }

  @Test
  void anInstallerThatResetsPortsIsAnInjectedFault() throws Exception {
    Topology t =
        CsmPair.topology(Map.of("ports", Map.of(A, "9558,9559"), "resetPorts", List.of(A)));
    SimDriver sim = driver();

    ActionResult r = sim.act(t, install(A), "k1");

    assertEquals(Optional.of("default"), sim.observe(t, List.of()).property(A + ".ports"));
    assertTrue(r.evidence().contains("ports 9558,9559 -> default"), r.evidence());
  }

  @Test
  void aBackupThatWarnsIsTakenButReportsItsWarnings() throws Exception {
    Topology t = CsmPair.topology(Map.of("backupWarnings", Map.of(A, "2 files skipped")));
    SimDriver sim = driver();
    assertEquals(Optional.empty(), sim.observe(t, List.of()).property(A + ".backup_warnings"));

    ActionResult r = sim.act(t, Action.once(Verb.BACKUP, A, Map.of("label", "pre")), "k1");
    sim.act(t, Action.once(Verb.BACKUP, B, Map.of("label", "pre")), "k2");

    Facts f = sim.observe(t, List.of());
    assertEquals(Optional.of("pre"), f.backup(A));
    assertEquals(Optional.of("2 files skipped"), f.property(A + ".backup_warnings"));
    assertEquals(Optional.of("none"), f.property(B + ".backup_warnings"));
    assertEquals("csm-a-server has backup pre, with warnings: 2 files skipped", r.summary());
  }

  @Test
  void resetPortsNamingAMissingComponentIsRefused() {
    Topology t = CsmPair.topology(Map.of("resetPorts", List.of("nope")));

    DriverException e = assertThrows(DriverException.class, () -> driver().observe(t, List.of()));

    assertEquals(
        "topology sim.resetPorts names component nope, which the topology lacks", e.getMessage());
  }
}
