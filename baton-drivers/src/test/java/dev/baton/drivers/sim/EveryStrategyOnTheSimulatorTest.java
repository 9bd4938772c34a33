package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.plan.Verb;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every strategy runs to completion on the simulator for each example topology it fits, with
 * confirm gates passed as {@code --yes} does. One row per (example, strategy, target version).
 */
class EveryStrategyOnTheSimulatorTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{1} on {0} to {2}")
  @CsvSource({
    "csm-pair.yaml,                    takeover,      6.3.1",
    "takeover-sim.yaml,                takeover,      2.0",
    "connected-backup-standalone.yaml, primary-first, 9.0.7.2",
    "connected-backup-mirrored.yaml,   primary-first, 9.0.7.2",
    "connected-backup-cluster.yaml,    primary-first, 9.0.7.2",
    "connected-backup-standalone.yaml, full-stop,     9.0.7.2",
    "full-stop-sim.yaml,               full-stop,     8.5.1",
    "ccmp-dual-side.yaml,              split-side,    8.5.1",
    "ccmp-dual-side.yaml,              full-stop,     8.5.1",
    "entsso-cluster.yaml,              uncluster,     4.0.2",
  })
  void theStrategyUpgradesEveryComponentAndLeavesAtMostOneActive(
      String example, String strategy, String to) throws Exception {
    Topology t = SimRuns.example(example);
    Version target = Version.parse(to);

    SimRuns.Run run = SimRuns.apply(dir, t, strategy, Goal.upgradeTo(to));

    assertEquals(RunStatus.DONE, run.result().status(), run.result().sentence());
    Facts after = run.facts();
    // Every component the plan installs ends at the target; seed 003's dependents and cluster
    // resource are stopped and started around the upgrade but not upgraded themselves.
    java.util.Set<String> installed = new java.util.TreeSet<>();
    run.plan().steps().stream()
        .filter(st -> st.action().verb() == Verb.INSTALL)
        .forEach(st -> installed.add(st.action().target()));
    assertFalse(installed.isEmpty(), "the plan installs nothing");
    for (Component c : t.components()) {
      if (installed.contains(c.name())) {
        assertEquals(Optional.of(target), after.version(c.name()), c.name());
      }
      assertEquals(
          Optional.of(dev.baton.facts.ServiceState.RUNNING), after.service(c.name()), c.name());
    }
    SimRuns.assertAtMostOneActivePerRoleGroup(run);
    SimRuns.assertEntryPointsServed(run);
  }
}
