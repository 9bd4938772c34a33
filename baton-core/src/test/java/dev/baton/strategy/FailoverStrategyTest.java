package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.guard.SyncedWhenLastSeen;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverStrategyTest {

  private final FailoverStrategy strategy = new FailoverStrategy();

  /** a has died: only b answers. */
  private static Facts aIsDead() {
    return Facts.builder("test", Instant.EPOCH)
        .add(FactKind.ROLE, "b", "standby")
        .add(FactKind.SERVICE, "a", ServiceState.STOPPED)
        .add(FactKind.SERVICE, "b", ServiceState.RUNNING)
        .build();
  }

  private Plan plan(Map<String, String> options) throws PlanningException {
    return strategy.plan(Fixtures.pair(), aIsDead(), new Goal(null, options));
  }

  private static List<String> ids(Plan p) {
    return p.steps().stream().map(Step::id).toList();
  }

  @Test
  void synchronousFailoverFencesPromotesClearsSyncRedirectsChecksWritesThenCountsLoss()
      throws Exception {
    Plan p = plan(Map.of("active", "a", "lastSyncState", "sync", "lastLagBytes", "0"));
    assertEquals(
        List.of(
            "fence-a",
            "promote-b",
            "unsync-b",
            "redirect-csm.example-to-b",
            "write-check-b",
            "settle-csm.example",
            "assess-loss-a"),
        ids(p));
    assertTrue(p.step("promote-b").orElseThrow().pointOfNoReturn());
    assertEquals(Verb.FAILOVER, p.step("promote-b").orElseThrow().action().verb());
  }

  @Test
  void asynchronousFailoverKeepsTheSettingAndAutoReverseRejoinsLast() throws Exception {
    Plan p =
        plan(
            Map.of(
                "active",
                "a",
                "lastSyncState",
                "async",
                "lastLagBytes",
                "10",
                "autoReverse",
                "true"));
    List<String> ids = ids(p);
    assertTrue(!ids.contains("unsync-b"), ids.toString());
    assertEquals("rejoin-a", ids.get(ids.size() - 1));
  }

  @Test
  void promoteIsRefusedWhenTheStandbyWasNotTheSynchronousOneWhenLastSeen() throws Exception {
    Plan p = plan(Map.of("active", "a", "lastSyncState", "potential", "lastLagBytes", "0"));
    Step promote = p.step("promote-b").orElseThrow();
    Optional<String> refusal =
        promote.guards().stream()
            .filter(g -> g instanceof SyncedWhenLastSeen)
            .findFirst()
            .orElseThrow()
            .refusal(Fixtures.pair(), aIsDead());
    assertEquals(
        Optional.of(
            "b was only a potential synchronous standby when last seen (ha), so acknowledged"
                + " writes may be missing from it"),
        refusal);
  }

  @Test
  void lastSeenGuardRefusesAnUnknownOrLargeLagAndPassesASynchronousStandby() {
    assertEquals(
        Optional.of("b lagged 2.0 MB behind when last seen (ha), more than 1.0 MB"),
        new SyncedWhenLastSeen("ha", "b", "async", 2_000_000, 1_000_000).refusal(null, null));
    assertTrue(
        new SyncedWhenLastSeen("ha", "b", "none", -1, 1 << 20)
            .refusal(null, null)
            .orElseThrow()
            .contains("was never seen"));
    assertEquals(
        Optional.empty(),
        new SyncedWhenLastSeen("ha", "b", "sync", 5 << 20, 0).refusal(null, null));
  }

  @Test
  void fenceIsRefusedWhenTheFailedActiveAnswersAsActiveAgain() throws Exception {
    Plan p = plan(Map.of("active", "a", "lastSyncState", "sync", "lastLagBytes", "0"));
    Step fence = p.step("fence-a").orElseThrow();
    assertEquals(
        Optional.of("a answers as active again, so it is not down; no failover"),
        fence.guards().get(0).refusal(Fixtures.pair(), Fixtures.healthyPair()));
  }

  @Test
  void isRegistered() {
    assertTrue(Strategies.named("failover").orElseThrow() instanceof FailoverStrategy);
  }
}
