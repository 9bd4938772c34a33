package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Checklist;
import dev.baton.plan.Goal;
import dev.baton.plan.Hold;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PooledSwitchoverTest {

  private final Topology pooled = Fixtures.pooledPair(2000);

  private Plan plan(Facts facts) throws Exception {
    return new SwitchoverStrategy().plan(pooled, facts, new Goal(null, Map.of()));
  }

  @Test
  void thePoolerIsHeldBeforeTheFenceAndReleasedRightAfterThePromote() throws Exception {
    Plan p = plan(Fixtures.pooledPairFacts());

    assertEquals(
        List.of(
            "preflight",
            "checkpoint-a",
            "prepare-pool",
            "hold-pool",
            "fence-a",
            "promote-b",
            "release-pool-to-b",
            "rejoin-a",
            "settle-pool",
            "rollback-pool-start-a",
            "rollback-pool-release-to-a"),
        p.steps().stream().map(Step::id).toList());
    Step hold = p.step("hold-pool").orElseThrow();
    assertEquals(Verb.HOLD, hold.action().verb());
    assertEquals(Map.of("from", "a", "to", "b", "waitMs", "1000"), hold.action().params());
    assertEquals(Verb.RELEASE, p.step("release-pool-to-b").orElseThrow().action().verb());
  }

  @Test
  void theHoldCommitsAtThePromoteWithinTheEntryPointsBudget() throws Exception {
    Hold h = plan(Fixtures.pooledPairFacts()).holds().get(0);

    assertEquals("pool", h.entryPoint());
    assertEquals("hold-pool", h.holdStep());
    assertEquals("promote-b", h.commitStep());
    assertEquals("release-pool-to-b", h.releaseStep());
    assertEquals(Duration.ofMillis(2000), h.budget());
    assertEquals(Verb.START, h.rollback().get(0).action().verb());
    assertEquals("a", h.rollback().get(0).action().target());
    assertEquals(Map.of("to", "a"), h.rollback().get(1).action().params());
  }

  @Test
  void theReleaseNeverResumesOntoATargetThatIsNotSeenPrimary() throws Exception {
    Step release = plan(Fixtures.pooledPairFacts()).step("release-pool-to-b").orElseThrow();

    String refusal =
        release.guards().get(0).refusal(pooled, Fixtures.pooledPairFacts()).orElseThrow();

    assertEquals("b is replica, expected primary", refusal);
  }

  @Test
  void theChecklistShowsTheRollbackAndWhenItRuns() throws Exception {
    String text = Checklist.render(plan(Fixtures.pooledPairFacts()), pooled);

    assertTrue(
        text.contains(
            "Rollback of the hold on pool (if promote-b is not done within 2000 ms of hold-pool,"
                + " or a step between them does not complete: roll back and halt):"),
        text);
    assertTrue(text.contains("10. [ ] Start a again as the primary if it was fenced"), text);
  }

  @Test
  void sessionPoolingIsRefusedAtPlanTimeWithTheReason() throws Exception {
    Facts session =
        Fixtures.pooledPairFacts()
            .with(
                List.of(
                    new dev.baton.facts.Fact(
                        FactKind.PROPERTY, "pool.pool-mode", "session", "test", Instant.EPOCH)));

    String text = Checklist.render(plan(session), pooled, session);

    assertTrue(
        text.contains(
            "WOULD REFUSE now: pool pools by session, so holding its clients would wait for every"
                + " one of them to disconnect; set pool_mode = transaction for its database"),
        text);
  }

  @Test
  void aBudgetNotBelowTheQueryWaitTimeoutIsRefused() throws Exception {
    Topology tight = Fixtures.pooledPair(10000);

    Step prepare =
        new SwitchoverStrategy()
            .plan(tight, Fixtures.pooledPairFacts(), new Goal(null, Map.of()))
            .step("prepare-pool")
            .orElseThrow();

    assertEquals(
        "the pause budget of 10000 ms is not shorter than pool's query_wait_timeout of 10000 ms,"
            + " so held clients would fail before the budget runs out;"
            + " lower pauseBudgetMs or raise query_wait_timeout",
        prepare.guards().get(1).refusal(tight, Fixtures.pooledPairFacts()).orElseThrow());
  }

  @Test
  void aTakeoverHoldsThePoolerAroundItsSwitchover() throws Exception {
    Plan p =
        new TakeoverStrategy().plan(pooled, Fixtures.pooledPairFacts(), Goal.upgradeTo("15.20"));

    assertEquals(List.of("hold-pool"), p.holds().stream().map(Hold::holdStep).toList());
    assertTrue(p.step("release-pool-to-b").isPresent());
  }
}
