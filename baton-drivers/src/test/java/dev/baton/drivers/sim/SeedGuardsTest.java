package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Step;
import dev.baton.strategy.PrimaryFirstStrategy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per rule of seeds 000 and 001: the fault is seeded in a copy of the example's {@code
 * sim:} section, the strategy runs through the engine on the simulator, and the run halts with the
 * guard's sentence before any destructive step or point of no return reached the system, which is
 * left with at most one active, nothing upgraded and its entry points served.
 */
class SeedGuardsTest {

  private static final String PRIMARY = "cb-primary-server";
  private static final String CSM_A = "csm-a-server";
  private static final String CSM_B = "csm-b-server";

  @TempDir Path dir;

  private SimRuns.Run primaryFirst(Topology t, Map<String, String> options) throws Exception {
    return SimRuns.apply(
        dir, t, "primary-first", new Goal(dev.baton.model.Version.parse("9.0.7.2"), options));
  }

  private SimRuns.Run takeover(Topology t) throws Exception {
    return SimRuns.apply(dir, t, "takeover", Goal.upgradeTo("6.3.1"));
  }

  private static Topology mirrored(Map<String, Object> faults) throws Exception {
    return SimRuns.withSim(SimRuns.example("connected-backup-mirrored.yaml"), faults);
  }

  private static Topology csmPair(Map<String, Object> faults) throws Exception {
    return SimRuns.withSim(SimRuns.example("csm-pair.yaml"), faults);
  }

  /** Halted at {@code stepId} with {@code sentence}, and nothing past the guard was done. */
  private static void assertHaltedSafely(SimRuns.Run run, String stepId, String sentence)
      throws Exception {
    assertEquals(RunStatus.HALTED, run.result().status(), run.result().sentence());
    assertEquals(sentence, run.result().sentence());
    assertTrue(
        run.sentSteps().stream().noneMatch(s -> s.id().equals(stepId)),
        "the refused step " + stepId + " was sent");
    assertNothingIrreversibleAndSafe(run, stepId);
  }

  /** Only steps up to {@code lastStepId} reached the system, none destructive or irreversible. */
  private static void assertNothingIrreversibleAndSafe(SimRuns.Run run, String lastStepId)
      throws Exception {
    List<Step> sent = run.sentSteps();
    List<String> ids = run.plan().steps().stream().map(Step::id).toList();
    for (Step s : sent) {
      assertTrue(!s.destructive() && !s.pointOfNoReturn(), "sent " + s.id() + " before halting");
      assertTrue(
          ids.indexOf(s.id()) <= ids.indexOf(lastStepId), s.id() + " ran after " + lastStepId);
    }
    Facts after = run.facts();
    for (Component c : run.topology().components()) {
      assertEquals(Optional.of(c.version()), after.version(c.name()), c.name() + " was upgraded");
    }
    SimRuns.assertAtMostOneActivePerRoleGroup(run);
    SimRuns.assertEntryPointsServed(run);
  }

  // Seed 000: free space of at least 10% of the transaction log and 10% of the data file.
  @Test
  void aServerShortOfFreeSpaceIsRefusedBeforeItIsDrained() throws Exception {
    Topology standAlone = SimRuns.example("connected-backup-standalone.yaml");
    Topology t =
        SimRuns.withSim(
            standAlone,
            Map.of(
                "disk",
                Map.of(
                    "cb-server",
                    Map.of(
                        "free", 3_000_000_000L,
                        "log", 2_000_000_000L,
                        "data", 40_000_000_000L))));

    SimRuns.Run run = primaryFirst(t, Map.of());

    assertHaltedSafely(
        run,
        "drain-cb-server",
        "cb-server has 3.0 GB free but needs 4.0 GB (10% of its data file); 1.0 GB short");
    assertTrue(run.sim().actions().isEmpty(), run.sim().actions().toString());
  }

  // Seed 000: an integrity check that finds any error means do not upgrade.
  @Test
  void anIntegrityErrorIsRefusedBeforeTheServerStopsServing() throws Exception {
    SimRuns.Run run = primaryFirst(mirrored(Map.of("integrityErrors", List.of(PRIMARY))), Map.of());

    assertHaltedSafely(
        run,
        "drain-" + PRIMARY,
        "the integrity check of cb-primary-server reported 'consistency errors'");
    assertTrue(run.sim().actions().isEmpty(), run.sim().actions().toString());
  }

  // Seed 000: a backup with any warning or error means stop.
  @Test
  void aBackupThatWarnedStopsTheRunBeforeTheInstall() throws Exception {
    Topology t =
        mirrored(Map.of("backupWarnings", Map.of(PRIMARY, "table Registry.dbo.X skipped")));

    SimRuns.Run run = primaryFirst(t, Map.of());

    assertHaltedSafely(
        run,
        "upgrade-" + PRIMARY,
        "the backup of cb-primary-server finished with warnings ('table Registry.dbo.X skipped');"
            + " a backup that warns may not restore");
    assertTrue(
        run.sim().actions().stream().anyMatch(a -> a.verb().equals("backup")),
        "the backup ran, and warned");
    assertEquals(Optional.of("cb-secondary-server"), run.facts().pointsAt("cb-web-registry"));
  }

  // Seed 000: only upgrade directly from a supported source version.
  @Test
  void anUnsupportedSourceVersionIsRefusedBeforeAnythingChanges() throws Exception {
    Topology t = SimRuns.withVersion(mirrored(Map.of()), PRIMARY, "9.0.6.0");

    SimRuns.Run run = primaryFirst(t, Map.of(PrimaryFirstStrategy.MIN_SOURCE, "9.0.7.0"));

    assertHaltedSafely(
        run,
        "drain-" + PRIMARY,
        "cb-primary-server runs 9.0.6.0, older than 9.0.7.0, the oldest version this release"
            + " upgrades from directly");
    assertTrue(run.sim().actions().isEmpty(), run.sim().actions().toString());
  }

  // Seed 000: wait until the sessions reach zero before stopping the services. Sessions that
  // outlive the drain end the run when the drain's bounded wait runs out; the stop is never sent.
  @Test
  void sessionsThatOutliveTheDrainKeepTheServicesRunning() throws Exception {
    SimRuns.Run run = primaryFirst(mirrored(Map.of("stuckSessions", Map.of(PRIMARY, 2))), Map.of());

    assertEquals(RunStatus.FAILED, run.result().status(), run.result().sentence());
    assertEquals(
        "verification failed: cb-primary-server refuses new sessions and has 2 sessions",
        run.result().sentence());
    assertNothingIrreversibleAndSafe(run, "drain-" + PRIMARY);
    assertTrue(
        run.sim().actions().stream().noneMatch(a -> a.verb().equals("stop")),
        run.sim().actions().toString());
    assertEquals(Optional.of(2), run.facts().sessions(PRIMARY));
  }

  // Seed 001 step 1: no session in a transitory state (Preparing, Suspending, Recovering).
  @Test
  void aTransitorySessionIsRefusedBeforeTheTakeover() throws Exception {
    SimRuns.Run run = takeover(csmPair(Map.of("transitorySessions", Map.of(CSM_A, 1))));

    assertHaltedSafely(
        run,
        "preflight",
        "csm-a-server has 1 session(s) in a transitory state (preparing, suspending or"
            + " recovering)");
    assertEquals(Optional.of("active"), run.facts().role(CSM_A));
  }

  // Seed 001 "Before you begin": both servers at the same level.
  @Test
  void serversAtDifferentLevelsAreRefusedBeforeTheTakeover() throws Exception {
    SimRuns.Run run = takeover(SimRuns.withVersion(csmPair(Map.of()), CSM_B, "6.2.0"));

    assertHaltedSafely(run, "preflight", "csm-a-server runs 6.3.0 but csm-b-server runs 6.2.0");
    assertEquals(Optional.of("active"), run.facts().role(CSM_A));
  }

  // Seed 001 step 1: the standby's synchronisation is complete.
  @Test
  void aLaggingStandbyIsRefusedBeforeTheTakeover() throws Exception {
    SimRuns.Run run = takeover(csmPair(Map.of("lagBytes", Map.of("csm-ha", 48_000_000))));

    assertHaltedSafely(run, "preflight", "standby csm-b-server lags 48 MB behind (csm-ha)");
    assertEquals(Optional.of("active"), run.facts().role(CSM_A));
    assertEquals(Optional.of("standby"), run.facts().role(CSM_B));
  }

  // Seed 001 note: an upgrade keeps the port assignments. The check can only follow the install,
  // so it stops the run while the standby still manages the sessions and is not upgraded.
  @Test
  void portsLostInTheUpgradeStopTheRunBeforeTakingBackOver() throws Exception {
    SimRuns.Run run = takeover(csmPair(Map.of("resetPorts", List.of(CSM_A))));

    assertEquals(RunStatus.FAILED, run.result().status(), run.result().sentence());
    assertEquals(
        "verification failed: csm-a-server listens on ports default, not 9558,9559,9560 as before"
            + " the upgrade",
        run.result().sentence());
    Facts after = run.facts();
    assertEquals(Optional.of("active"), after.role(CSM_B));
    assertEquals(Optional.of(dev.baton.model.Version.parse("6.3.0")), after.version(CSM_B));
    assertTrue(
        run.sim().actions().stream()
            .noneMatch(a -> a.verb().equals("takeover") && a.target().equals(CSM_A)),
        run.sim().actions().toString());
    SimRuns.assertAtMostOneActivePerRoleGroup(run);
    SimRuns.assertEntryPointsServed(run);
  }
}
