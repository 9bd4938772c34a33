package dev.baton.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Verb;
import dev.baton.strategy.TakeoverStrategy;
import dev.baton.testing.FakeDriver;
import dev.baton.testing.Fixtures;
import dev.baton.testing.MemoryJournal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineTest {

  private final Topology topology = Fixtures.pair();
  private FakeDriver driver;
  private MemoryJournal journal;
  private Plan plan;
  private final EngineOptions yes =
      EngineOptions.defaults().withYes(true).withVerifyTimeout(Duration.ofMillis(50));

  @BeforeEach
  void setUp() throws Exception {
    driver = new FakeDriver(Fixtures.healthyPair());
    journal = new MemoryJournal();
    plan = new TakeoverStrategy().plan(topology, driver.facts(), Goal.upgradeTo("2.0"));
  }

  private Engine engine() {
    return new Engine(
        driver,
        journal,
        EngineListener.NONE,
        Redactor.of(List.of("s3cr3t-pass")),
        Clock.systemUTC());
  }

  private RunRecord template() {
    return new RunRecord(
        "",
        topology.system(),
        "takeover",
        "2.0",
        plan.goal().options(),
        "t.yaml",
        "",
        plan.fingerprint(),
        RunStatus.RUNNING,
        null,
        null);
  }

  private List<JournalEvent> outcomes(String runId) {
    return journal.events(runId).stream().filter(e -> e.type() == EventType.OUTCOME).toList();
  }

  @Test
  void aPlanUsingAVerbTheDriverLacksIsRefusedBeforeAnyAction() {
    driver.without(Verb.TAKEOVER);

    RunResult r = engine().start(topology, plan, template(), yes);

    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(
        "refused: step 5 (takeover-b) uses the verb takeover on b,"
            + " but the fake driver does not carry out takeover",
        r.sentence());
    assertEquals(List.of(), driver.log(), "no action reached the driver");
    assertEquals(List.of(), journal.runs(null), "no run was created");
  }

  @Test
  void whatAnActionReportsAsDataIsJournaledWithItsOutcome() {
    RunResult r = engine().start(topology, plan, template(), yes);

    JournalEvent takeover =
        outcomes(r.runId()).stream()
            .filter(e -> e.stepId().equals("takeover-b"))
            .findFirst()
            .orElseThrow();
    assertEquals("b", FakeDriver.ACTED_ON.in(takeover.data()).orElseThrow());
    assertTrue(ResultKey.ACTION_MS.in(takeover.data()).orElseThrow() >= 0);
  }

  @Test
  void takeoverUpgradesBothAndEndsWithOneActive() {
    RunResult r = engine().start(topology, plan, template(), yes);
    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    assertEquals("all 19 steps of takeover are done", r.sentence());
    assertEquals("active", driver.facts().role("a").orElseThrow());
    assertEquals("standby", driver.facts().role("b").orElseThrow());
    assertEquals("2.0", driver.facts().version("b").orElseThrow().text());
    assertEquals(
        List.of(
            "check b",
            "backup a",
            "backup b",
            "entry-prepare csm.example",
            "takeover b",
            "redirect csm.example",
            "entry-settle csm.example",
            "check a",
            "install a",
            "check a",
            "entry-prepare csm.example",
            "takeover a",
            "redirect csm.example",
            "entry-settle csm.example",
            "stop b",
            "check a",
            "install b",
            "check a"),
        driver.log());
    assertEquals(
        Decision.already("link(ha)=synced and role(b)=standby already holds"),
        outcomes(r.runId()).get(17).decision());
  }

  @Test
  void laggingStandbyHaltsBeforeTheTakeoverWithOneSentence() {
    driver.set(FactKind.LINK, "ha", LinkState.LAGGING);
    driver.set(FactKind.LAG_BYTES, "ha", 48_000_000L);
    RunResult r = engine().start(topology, plan, template(), yes);
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(3, r.exitCode());
    assertEquals("standby b lags 48 MB behind (ha)", r.sentence());
    assertFalse(driver.log().contains("takeover b"));
    assertEquals("active", driver.facts().role("a").orElseThrow());
  }

  @Test
  void anOverriddenGuardIsJournaledWithItsReason() {
    driver.set(FactKind.TRANSITORY_SESSIONS, "a", 1);
    RunResult r =
        engine()
            .start(
                topology,
                plan,
                template(),
                yes.withOverrides(
                    Map.of("no-transitory-sessions", "session is stuck, vendor ticket 42")));
    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    JournalEvent o =
        journal.events(r.runId()).stream()
            .filter(e -> e.type() == EventType.OVERRIDE)
            .findFirst()
            .orElseThrow();
    assertEquals("session is stuck, vendor ticket 42", o.data().get("reason"));
    assertEquals("preflight", o.stepId());
  }

  @Test
  void aGateWaitsUntilApprovedThenResumeContinues() {
    RunResult r = engine().start(topology, plan, template(), yes.withYes(false));
    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(r.sentence().startsWith("waiting for approval: install 2.0 on a"), r.sentence());
    assertFalse(driver.log().contains("install a"));
    journal.append(
        JournalEvent.of(
            r.runId(),
            "upgrade-a",
            EventType.APPROVED,
            null,
            "",
            java.time.Instant.now(),
            Map.of("by", "alice")));
    RunResult second = engine().resume(r.runId(), topology, plan, yes.withYes(false));
    assertEquals(RunStatus.HALTED, second.status());
    assertTrue(second.sentence().contains("install 2.0 on b"), second.sentence());
    assertEquals(1, driver.log().stream().filter(s -> s.equals("install a")).count());
  }

  @Test
  void resumeAfterAnInterruptedNonIdempotentActionWithUnknownOutcomeHalts() {
    driver.knowsApplied = false;
    RunRecord run = journal.createRun(template());
    journal.append(
        JournalEvent.of(
            run.runId(),
            "preflight",
            EventType.OUTCOME,
            Decision.done("ok"),
            "",
            java.time.Instant.now(),
            Map.of()));
    journal.append(
        JournalEvent.of(
            run.runId(),
            "backup-a",
            EventType.INTENT,
            null,
            "",
            java.time.Instant.now(),
            Map.of()));
    RunResult r = engine().resume(run.runId(), topology, plan, yes);
    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(r.sentence().startsWith("the outcome of backup a"), r.sentence());
    assertTrue(r.sentence().contains("not repeating a non-idempotent action"), r.sentence());
    assertFalse(driver.log().contains("backup a"));
  }

  @Test
  void resumeAfterAnInterruptedActionThatNeverRanRunsItOnce() {
    RunRecord run = journal.createRun(template());
    journal.append(
        JournalEvent.of(
            run.runId(),
            "backup-a",
            EventType.INTENT,
            null,
            "",
            java.time.Instant.now(),
            Map.of()));
    RunResult r = engine().resume(run.runId(), topology, plan, yes);
    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    assertEquals(1, driver.log().stream().filter(s -> s.equals("backup a")).count());
  }

  @Test
  void aFailedActionFailsTheRunWithExitOne() {
    driver.fail("takeover b");
    RunResult r = engine().start(topology, plan, template(), yes);
    assertEquals(RunStatus.FAILED, r.status());
    assertEquals(1, r.exitCode());
    assertEquals("takeover b failed: injected failure of takeover b", r.sentence());
  }

  @Test
  void aSecondRunOnTheSameSystemIsRefused() {
    journal.leases.put(topology.system(), "someone-else");
    RunResult r = engine().start(topology, plan, template(), yes);
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals("refused: system csm-prod is held by someone-else", r.sentence());
    assertTrue(driver.log().isEmpty());
  }

  @Test
  void lostLeaseStopsIssuingActions() {
    journal.leaseRenewable = false;
    RunResult r = engine().start(topology, plan, template(), yes);
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals("lost the lease on csm-prod; stopped issuing actions", r.sentence());
    assertTrue(driver.log().isEmpty());
  }

  @Test
  void abortUndoesBackToTheStartBeforeThePointOfNoReturn() {
    RunResult r = engine().start(topology, plan, template(), yes.withYes(false));
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals("active", driver.facts().role("b").orElseThrow());
    RunResult a = engine().abort(r.runId(), topology, plan, yes);
    assertEquals(RunStatus.ABORTED, a.status(), a.sentence());
    assertEquals("active", driver.facts().role("a").orElseThrow());
    assertEquals("a", driver.facts().pointsAt("csm.example").orElseThrow());
    assertTrue(a.sentence().startsWith("aborted: undid completed steps back to the start"));
  }

  @Test
  void abortStopsAtThePointOfNoReturn() {
    RunResult r = engine().start(topology, plan, template(), yes);
    assertEquals(RunStatus.DONE, r.status());
    RunResult a = engine().abort(r.runId(), topology, plan, yes);
    assertTrue(
        a.sentence()
            .startsWith("aborted: undid completed steps back to the point of no return upgrade-b"),
        a.sentence());
    assertEquals("2.0", driver.facts().version("b").orElseThrow().text());
  }

  @Test
  void secretsAreRedactedFromTheJournal() {
    driver.evidence = "login admin password=hunter22 token s3cr3t-pass";
    RunResult r = engine().start(topology, plan, template(), yes);
    String all = journal.events(r.runId()).toString();
    assertFalse(all.contains("hunter22"), all);
    assertFalse(all.contains("s3cr3t-pass"), all);
    assertTrue(all.contains("password=***"), all);
  }

  @Test
  void twoActivesAfterAStepHaltTheRun() {
    // the old active comes back as active on its own while the entry point moves
    FakeDriver splitBrain =
        new FakeDriver(Fixtures.healthyPair()) {
          @Override
          public synchronized ActionResult act(Topology t, dev.baton.plan.Action a, String key)
              throws DriverException {
            ActionResult res = super.act(t, a, key);
            if (a.verb() == Verb.REDIRECT) {
              set(FactKind.ROLE, "a", "active");
            }
            return res;
          }
        };
    driver = splitBrain;
    RunResult r = engine().start(topology, plan, template(), yes);
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(
        "after redirect-csm.example-to-b: role group csm has 2 active members (a, b);"
            + " at most 1 may be active",
        r.sentence());
    assertFalse(driver.log().contains("install a"));
  }
}
