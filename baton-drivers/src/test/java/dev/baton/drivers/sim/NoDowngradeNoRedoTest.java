package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.RunStatus;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * For every strategy that installs software: a goal older than what runs is refused before step 1
 * unless the operator names the downgrade override, and a goal that already holds everywhere is
 * done without a single action, never half a procedure on a system that needs none of it.
 */
class NoDowngradeNoRedoTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{1} on {0}")
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
  void aDowngradeIsRefusedBeforeAnyActionUnlessOverridden(
      String example, String strategy, String upgrade) throws Exception {
    Topology t = SimRuns.example(example);

    SimRuns.Run run = SimRuns.apply(dir.resolve("refused"), t, strategy, Goal.upgradeTo("0.5"));

    assertEquals(RunStatus.HALTED, run.result().status(), run.result().sentence());
    assertTrue(
        run.result().sentence().startsWith("refused before step 1: the plan would move "),
        run.result().sentence());
    assertTrue(
        run.result().sentence().endsWith("with --override downgrade=REASON"),
        run.result().sentence());
    assertEquals(List.of(), run.sim().actions(), "no action was sent");

    SimRuns.Run allowed =
        SimRuns.apply(
            dir.resolve("allowed"),
            t,
            strategy,
            Goal.upgradeTo("0.5"),
            Map.of("downgrade", "rolling back a bad release"));
    assertFalse(
        String.valueOf(allowed.result().sentence()).startsWith("refused before step 1"),
        "the override lets the plan start: " + allowed.result().sentence());
    assertFalse(allowed.sim().actions().isEmpty(), "the overridden run acted");
  }

  @ParameterizedTest(name = "{1} on {0}")
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
  void aGoalAlreadyMetChangesNothing(String example, String strategy, String upgrade)
      throws Exception {
    Topology t = SimRuns.example(example);
    SimRuns.Run upgraded = SimRuns.apply(dir, t, strategy, Goal.upgradeTo(upgrade));
    assertEquals(RunStatus.DONE, upgraded.result().status(), upgraded.result().sentence());
    int actions = upgraded.sim().actions().size();

    // The same goal again, on the system that now runs it.
    SimRuns.Run again = SimRuns.apply(upgraded.sim(), t, strategy, Goal.upgradeTo(upgrade));

    assertEquals(RunStatus.DONE, again.result().status(), again.result().sentence());
    assertTrue(
        again
            .result()
            .sentence()
            .startsWith("already done: every component the plan upgrades runs "),
        again.result().sentence());
    assertEquals(actions, again.sim().actions().size(), "no action was sent the second time");
    List<Step> installs =
        again.plan().steps().stream().filter(s -> s.action().verb() == Verb.INSTALL).toList();
    assertFalse(installs.isEmpty(), "the plan upgrades something");
  }
}
