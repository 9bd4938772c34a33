package dev.baton.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.Decision.Kind;
import dev.baton.facts.FactKind;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.strategy.SwitchoverStrategy;
import dev.baton.testing.FakeDriver;
import dev.baton.testing.Fixtures;
import dev.baton.testing.MemoryJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine keeps a hold's promise: roll back and halt unless the promote is done in budget. */
class HoldWindowsTest {

  private final Topology topology = Fixtures.pooledPair(2000);
  private final TestClock clock = new TestClock();
  private PooledDriver driver;
  private MemoryJournal journal;
  private Plan plan;
  private final EngineOptions yes =
      EngineOptions.defaults().withYes(true).withVerifyTimeout(Duration.ofMillis(50));

  @BeforeEach
  void setUp() throws Exception {
    driver = new PooledDriver(clock);
    journal = new MemoryJournal();
    plan = new SwitchoverStrategy().plan(topology, driver.facts(), new Goal(null, Map.of()));
  }

  private Engine engine() {
    return new Engine(driver, journal, EngineListener.NONE, Redactor.none(), clock);
  }

  private RunResult start() {
    RunRecord template =
        RunRecord.starting(
            plan.system(),
            plan.strategy(),
            "",
            plan.goal().options(),
            "t.yaml",
            "",
            plan.fingerprint());
    return engine().start(topology, plan, template, yes);
  }

  @Test
  void aSwitchoverWithinTheBudgetNeverRunsTheRollback() {
    RunResult r = start();

    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    assertEquals("all 9 steps of switchover are done", r.sentence());
    assertEquals(
        List.of(
            "check b",
            "checkpoint a",
            "entry-prepare pool",
            "hold pool",
            "fence a",
            "promote b",
            "release pool",
            "rejoin a",
            "entry-settle pool"),
        driver.log());
  }

  @Test
  void aPromoteThatFailsWhileHeldStartsTheOldPrimaryAndReleasesTheClientsOntoIt() {
    driver.fail("promote b");

    RunResult r = start();

    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(
        r.sentence()
            .startsWith(
                "promote b failed: injected failure of promote b; rolled back the hold on pool:"),
        r.sentence());
    assertEquals(List.of("start a", "release pool"), driver.log().subList(5, driver.log().size()));
    assertEquals("a", driver.facts().pointsAt("pool").orElseThrow());
    assertEquals("false", driver.facts().property("pool.paused").orElseThrow());
    assertEquals("primary", driver.facts().role("a").orElseThrow());
  }

  @Test
  void aBudgetThatRunsOutBeforeThePromoteRollsBackWithoutPromoting() {
    driver.slowFence = Duration.ofMillis(2500);

    RunResult r = start();

    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(
        r.sentence()
            .startsWith(
                "the pause budget of 2000 ms on pool ran out 2500 ms after hold-pool,"
                    + " before promote-b was done; rolled back the hold on pool:"),
        r.sentence());
    assertFalse(driver.log().contains("promote b"), driver.log().toString());
    assertEquals("replica", driver.facts().role("b").orElseThrow());
    assertEquals("a", driver.facts().pointsAt("pool").orElseThrow());
  }

  @Test
  void aRollbackThatCannotTellWhetherTheStandbyWasPromotedLeavesTheClientsHeld() {
    driver.fail("promote b");
    driver.hideRoleOfBOnPromote = true;

    RunResult r = start();

    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(
        r.sentence()
            .endsWith(
                "the rollback of the hold on pool stopped at rollback-pool-start-a:"
                    + " b is unreachable, so it may have been promoted; starting its peer as the primary could make two;"
                    + " pool may still hold its clients"),
        r.sentence());
    assertEquals("true", driver.facts().property("pool.paused").orElseThrow());
  }

  @Test
  void aReleaseThatFailsAfterThePromoteHaltsWithoutRollingBackAndResumeFinishes() {
    driver.fail("release pool");

    RunResult r = start();

    assertEquals(RunStatus.FAILED, r.status());
    assertEquals("release pool {to=b} failed: injected failure of release pool", r.sentence());
    assertFalse(driver.log().contains("start a"), driver.log().toString());

    driver.heal("release pool");
    RunResult again = engine().resume(r.runId(), topology, plan, yes);

    assertEquals(RunStatus.DONE, again.status(), again.sentence());
    assertEquals("b", driver.facts().pointsAt("pool").orElseThrow());
  }

  @Test
  void resumingARolledBackRunHaltsAgainWithoutActing() {
    driver.fail("promote b");
    RunResult r = start();
    int acted = driver.log().size();

    RunResult again = engine().resume(r.runId(), topology, plan, yes);

    assertEquals(RunStatus.HALTED, again.status());
    assertEquals(
        "the hold on pool was being rolled back before; rolled back the hold on pool earlier;"
            + " start a new run to try again",
        again.sentence());
    assertEquals(acted, driver.log().size());
  }

  @Test
  void aResumeLongAfterTheHoldGoesForwardWhenThePromoteHadHappened() {
    driver.crashAfterPromote = true;
    RunResult r = start();
    assertEquals(
        Kind.FAILED,
        journal.events(r.runId()).stream()
            .filter(e -> e.stepId().equals("promote-b") && e.type() == EventType.OUTCOME)
            .findFirst()
            .orElseThrow()
            .decision()
            .kind());
    clock.advance(Duration.ofMinutes(5));

    RunResult again = engine().resume(r.runId(), topology, plan, yes);

    assertEquals(RunStatus.DONE, again.status(), again.sentence());
    assertEquals("b", driver.facts().pointsAt("pool").orElseThrow());
    assertFalse(driver.log().contains("start a"), driver.log().toString());
  }

  @Test
  void aHoldWhoseOwnStepFailsIsReleasedOntoTheOldPrimaryInCaseItPaused() {
    driver.failAfterActing("hold pool");

    RunResult r = start();

    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(
        r.sentence()
            .startsWith(
                "hold pool {from=a, to=b, waitMs=1000} failed: lost the answer of hold pool;"
                    + " rolled back the hold on pool:"),
        r.sentence());
    assertEquals("false", driver.facts().property("pool.paused").orElseThrow());
    assertFalse(driver.log().contains("fence a"), driver.log().toString());
  }

  @Test
  void aGuardThatRefusesTheHoldRollsNothingBack() {
    driver.set(FactKind.PROPERTY, "pool.pool-mode", "session");

    RunResult r = start();

    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(r.sentence().startsWith("pool pools by session"), r.sentence());
    assertFalse(r.sentence().contains("rolled back"), r.sentence());
  }

  @Test
  void aFenceThatFailsReleasesTheClientsOntoTheOldPrimaryWithoutStartingIt() {
    driver.fail("fence a");

    RunResult r = start();

    assertEquals(
        "fence a failed: injected failure of fence a; rolled back the hold on pool:"
            + " (role(a)=primary or role(b)=primary) already holds; release pool done;"
            + " start a new run to try again",
        r.sentence());
    assertFalse(driver.log().contains("start a"), driver.log().toString());
  }

  /** A pooled pair as the fake sees it: hold, fence, promote, release and rejoin move its facts. */
  static final class PooledDriver extends FakeDriver {
    private final TestClock clock;
    Duration slowFence = Duration.ZERO;
    boolean hideRoleOfBOnPromote;
    boolean crashAfterPromote;
    private final java.util.Set<String> healed = new java.util.HashSet<>();

    PooledDriver(TestClock clock) {
      super(Fixtures.pooledPairFacts());
      this.clock = clock;
    }

    void heal(String verbAndTarget) {
      healed.add(verbAndTarget);
    }

    private final java.util.Set<String> failingAfter = new java.util.HashSet<>();

    /** The action takes effect, then its answer is lost: the step fails with the effect made. */
    void failAfterActing(String verbAndTarget) {
      failingAfter.add(verbAndTarget);
    }

    @Override
    public synchronized ActionResult act(Topology t, Action a, String key) throws DriverException {
      String what = a.verb() + " " + a.target();
      if (hideRoleOfBOnPromote && what.equals("promote b")) {
        set(FactKind.ROLE, "b", "unreachable");
      }
      ActionResult r =
          healed.contains(what) ? new ActionResult(what + " done", "") : super.act(t, a, key);
      switch (a.verb()) {
        case HOLD -> set(FactKind.PROPERTY, "pool.paused", "true");
        case RELEASE -> {
          set(FactKind.POINTS_AT, a.target(), a.params().get("to"));
          set(FactKind.PROPERTY, "pool.paused", "false");
        }
        case FENCE -> {
          clock.advance(slowFence);
          set(FactKind.SERVICE, "a", ServiceState.STOPPED);
          set(FactKind.ROLE, "a", "none");
        }
        case PROMOTE -> {
          set(FactKind.ROLE, "b", "primary");
          if (crashAfterPromote) {
            crashAfterPromote = false;
            throw new DriverException("lost the connection after pg_promote", "");
          }
        }
        case START -> set(FactKind.ROLE, "a", "primary");
        case REJOIN -> {
          set(FactKind.ROLE, "a", "replica");
          set(FactKind.SERVICE, "a", ServiceState.RUNNING);
          set(FactKind.LINK, "stream", LinkState.SYNCED);
        }
        default -> {}
      }
      if (failingAfter.remove(what)) {
        throw new DriverException("lost the answer of " + what, "");
      }
      return r;
    }
  }

  /** A clock the test moves; the journal's times come from it too. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-12-03T10:00:00Z");

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
