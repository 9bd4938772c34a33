package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed 004 operations as plans: switchback, bookmark, rewind and recover-active. */
class OperationStrategiesTest {

  /** After a switchover: b active, a its synced standby. */
  private static Facts switchedOver() {
    return Facts.builder("test", Instant.EPOCH)
        .add(FactKind.ROLE, "a", "standby")
        .add(FactKind.ROLE, "b", "active")
        .add(FactKind.SERVICE, "a", ServiceState.RUNNING)
        .add(FactKind.SERVICE, "b", ServiceState.RUNNING)
        .add(FactKind.LINK, "ha", LinkState.SYNCED)
        .add(FactKind.LAG_BYTES, "ha", 0L)
        .build();
  }

  private static List<String> ids(Plan p) {
    return p.steps().stream().map(Step::id).toList();
  }

  @Test
  void switchbackReturnsToTheDeclaredPrimaryAndRejoinsTheOtherByDefault() throws Exception {
    Plan plan =
        new SwitchbackStrategy().plan(Fixtures.pair(), switchedOver(), new Goal(null, Map.of()));
    assertTrue(ids(plan).contains("promote-a"), ids(plan).toString());
    assertTrue(ids(plan).contains("fence-b"));
    assertEquals("rejoin-b", plan.steps().get(plan.steps().size() - 2).id(), ids(plan).toString());
    assertEquals("a", plan.goal().options().get("to"));
    assertEquals("switch", plan.goal().options().get("shape"));
  }

  @Test
  void manualReverseLeavesTheOldPrimaryFencedAndTheNoteSaysHowToRejoinIt() throws Exception {
    Plan plan =
        new SwitchbackStrategy()
            .plan(Fixtures.pair(), switchedOver(), new Goal(null, Map.of("reverse", "manual")));
    assertFalse(ids(plan).contains("rejoin-b"), ids(plan).toString());
    assertTrue(ids(plan).contains("keep-fenced-b"));
    assertTrue(
        plan.notes().stream()
            .anyMatch(n -> n.contains("baton switchback TOPOLOGY --set reverse=auto")),
        plan.notes().toString());
  }

  @Test
  void switchbackOntoAFencedOriginalRejoinsItFirst() throws Exception {
    Facts fenced =
        Facts.builder("test", Instant.EPOCH)
            .add(FactKind.ROLE, "b", "active")
            .add(FactKind.SERVICE, "a", ServiceState.STOPPED)
            .build();
    Plan plan = new SwitchbackStrategy().plan(Fixtures.pair(), fenced, new Goal(null, Map.of()));
    assertEquals("rejoin-a", plan.steps().get(0).id());
    assertEquals("rejoin_first", plan.goal().options().get("shape"));
  }

  @Test
  void switchbackWhenTheOriginalIsPrimaryOnlyRejoinsTheOtherOrRefuses() throws Exception {
    Facts backAlready =
        Facts.builder("test", Instant.EPOCH)
            .add(FactKind.ROLE, "a", "active")
            .add(FactKind.SERVICE, "b", ServiceState.STOPPED)
            .build();
    Plan plan =
        new SwitchbackStrategy().plan(Fixtures.pair(), backAlready, new Goal(null, Map.of()));
    assertEquals(List.of("rejoin-b"), ids(plan));
    // Nothing to switch back is the goal already met, not bad input.
    GoalAlreadyMet e =
        assertThrows(
            GoalAlreadyMet.class,
            () ->
                new SwitchbackStrategy()
                    .plan(Fixtures.pair(), Fixtures.healthyPair(), new Goal(null, Map.of())));
    assertEquals("already done: a is already the active; nothing to switch back", e.getMessage());
  }

  @Test
  void aResumedSwitchbackRebuildsTheSamePlanWithoutFacts() throws Exception {
    Plan first =
        new SwitchbackStrategy().plan(Fixtures.pair(), switchedOver(), new Goal(null, Map.of()));
    Plan rebuilt = new SwitchbackStrategy().plan(Fixtures.pair(), Facts.empty(), first.goal());
    assertEquals(first.fingerprint(), rebuilt.fingerprint());
  }

  @Test
  void bookmarkTakesABackupFirstOnlyWhenThereIsNone() throws Exception {
    Plan without =
        new BookmarkStrategy()
            .plan(Fixtures.pair(), Fixtures.healthyPair(), new Goal(null, Map.of("name", "b1")));
    assertEquals(List.of("backup-a", "bookmark-b1"), ids(without));
    Facts backedUp =
        Fixtures.healthyPair()
            .with(Facts.builder("t", Instant.EPOCH).add(FactKind.BACKUP, "a", "x").build().all());
    Plan with =
        new BookmarkStrategy()
            .plan(Fixtures.pair(), backedUp, new Goal(null, Map.of("name", "b1")));
    assertEquals(List.of("bookmark-b1"), ids(with));
  }

  @Test
  void bookmarkNamesAreKeptToAPlainAlphabet() {
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () ->
                new BookmarkStrategy()
                    .plan(
                        Fixtures.pair(),
                        Fixtures.healthyPair(),
                        new Goal(null, Map.of("name", "x'; drop"))));
    assertTrue(e.getMessage().startsWith("bookmark name 'x'; drop' may hold only"), e.getMessage());
  }

  @Test
  void rewindGatesTheFenceWithTheWalAndTimeItLosesAndSwapsAsThePointOfNoReturn() throws Exception {
    Facts facts =
        Fixtures.healthyPair()
            .with(
                Facts.builder("t", Instant.parse("2026-11-22T10:01:00Z"))
                    .add(FactKind.PROPERTY, "a.lsn", "0/3100000")
                    .build()
                    .all());
    Plan plan =
        new RewindStrategy()
            .plan(
                Fixtures.pair(),
                facts,
                new Goal(
                    null,
                    Map.of(
                        "bookmark", "b1",
                        "bookmarkLsn", "0/3000000",
                        "bookmarkTime", "2026-11-22 10:00:00.123+00")));
    assertEquals(
        List.of(
            "preflight",
            "copy-a",
            "fence-a",
            "swap-a",
            "start-a",
            "redirect-csm.example-to-a",
            "rebuild-b"),
        ids(plan));
    Step fence = plan.step("fence-a").orElseThrow();
    assertNotNull(fence.gate());
    assertTrue(
        fence
            .gate()
            .text()
            .contains("at least 1.0 MB of WAL (0/3000000 to 0/3100000) written over 59 s"),
        fence.gate().text());
    assertTrue(plan.step("swap-a").orElseThrow().pointOfNoReturn());
    Plan rebuilt = new RewindStrategy().plan(Fixtures.pair(), Facts.empty(), plan.goal());
    assertEquals(plan.fingerprint(), rebuilt.fingerprint());
  }

  @Test
  void rewindWithoutTheBookmarksLsnIsNotPlanned() {
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () ->
                new RewindStrategy()
                    .plan(
                        Fixtures.pair(),
                        Fixtures.healthyPair(),
                        new Goal(null, Map.of("bookmark", "b1"))));
    assertTrue(e.getMessage().startsWith("the LSN of bookmark b1 is not known"), e.getMessage());
  }

  @Test
  void recoverActiveFencesTheOtherBeforeForcingTheTargetAndGuardsEveryStep() throws Exception {
    Plan plan =
        new RecoverActiveStrategy()
            .plan(
                Fixtures.pair(), Fixtures.healthyPair(), new Goal(null, Map.of("make", "node-b")));
    assertEquals(
        List.of("compare-data", "fence-a", "recover-active-b", "redirect-csm.example-to-b"),
        ids(plan));
    for (String id : List.of("compare-data", "fence-a", "recover-active-b")) {
      assertEquals("recover-active", plan.step(id).orElseThrow().guards().get(0).name(), id);
    }
  }

  @Test
  void aSwitchoverOntoTheActiveIsTheGoalAlreadyMetAndOntoTheStandbyAPlan() throws Exception {
    SwitchoverStrategy s = new SwitchoverStrategy();
    GoalAlreadyMet met =
        assertThrows(
            GoalAlreadyMet.class,
            () ->
                s.plan(Fixtures.pair(), Fixtures.healthyPair(), new Goal(null, Map.of("to", "a"))));
    assertEquals("already done: a is already the active; nothing to switch over", met.getMessage());
    Plan plan = s.plan(Fixtures.pair(), Fixtures.healthyPair(), new Goal(null, Map.of("to", "b")));
    assertEquals("a", plan.goal().options().get("active"));
    PlanningException unknown =
        assertThrows(
            PlanningException.class,
            () ->
                s.plan(Fixtures.pair(), Fixtures.healthyPair(), new Goal(null, Map.of("to", "z"))));
    assertEquals("z is neither a member of a role group nor the node of one", unknown.getMessage());
  }
}
