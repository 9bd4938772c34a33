package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seed 000's primary-first upgrade acted out by the engine on the simulator. */
class Seed000PrimaryFirstTest {

  private static final Version TO = Version.parse("9.0.7.2");

  @TempDir Path dir;

  private static Topology example(String name) throws Exception {
    return SimRuns.example(name);
  }

  private RunResult run(Topology t, SimDriver driver, Goal goal) throws Exception {
    return SimRuns.apply(driver, t, "primary-first", goal).result();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "connected-backup-standalone.yaml",
        "connected-backup-mirrored.yaml",
        "connected-backup-cluster.yaml"
      })
  void everyExampleIsUpgradedToTheTargetOnTheSimulator(String file) throws Exception {
    Topology t = example(file);
    SimDriver driver = new SimDriver(dir.resolve(t.system() + ".json"));

    RunResult r = run(t, driver, new Goal(TO, Map.of()));

    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    Facts after = driver.observe(t, List.of());
    for (Component c : t.components()) {
      assertEquals(Optional.of(TO), after.version(c.name()), c.name());
      assertEquals(Optional.of(false), after.drained(c.name()), c.name());
    }
    for (var ep : t.entryPoints()) {
      assertEquals(Optional.of(ep.pointsAt()), after.pointsAt(ep.name()));
    }
  }

  @Test
  void anIntegrityErrorOnTheSecondaryMasterHaltsBeforeItIsDrained() throws Exception {
    Topology t =
        SimRuns.withSim(
            example("connected-backup-cluster.yaml"),
            Map.of("integrityErrors", List.of("cb-b-rm")));
    SimDriver driver = new SimDriver(dir.resolve("bad.json"));

    RunResult r = run(t, driver, new Goal(TO, Map.of()));

    assertEquals(RunStatus.HALTED, r.status());
    assertEquals("the integrity check of cb-b-rm reported 'consistency errors'", r.sentence());
    assertEquals(Optional.of(TO), driver.observe(t, List.of()).version("cb-a-m2"));
    assertFalse(driver.actions().stream().anyMatch(a -> a.target().equals("cb-b-rm")));
    assertTrue(driver.observe(t, List.of()).pointsAt("cb-web-registry").isPresent());
  }
}
