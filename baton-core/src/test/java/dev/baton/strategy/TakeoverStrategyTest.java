package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Checklist;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TakeoverStrategyTest {

  private final TakeoverStrategy strategy = new TakeoverStrategy();

  @Test
  void stepsFollowSeed001Order() throws Exception {
    Plan plan = strategy.plan(Fixtures.pair(), Fixtures.healthyPair(), Goal.upgradeTo("2.0"));
    List<String> ids = plan.steps().stream().map(Step::id).toList();
    assertEquals(
        List.of(
            "preflight",
            "backup-a",
            "backup-b",
            "prepare-csm.example",
            "takeover-b",
            "redirect-csm.example-to-b",
            "settle-csm.example",
            "standby-a",
            "upgrade-a",
            "restarted-a",
            "prepare-csm.example-back",
            "takeover-a",
            "redirect-csm.example-to-a-back",
            "settle-csm.example-back",
            "stop-b",
            "validate-a",
            "upgrade-b",
            "reestablish-ha",
            "verify-upgrade"),
        ids);
  }

  @Test
  void upgradeOfTheOldActiveIsGatedPointOfNoReturn() throws Exception {
    Plan plan = strategy.plan(Fixtures.pair(), Fixtures.healthyPair(), Goal.upgradeTo("2.0"));
    Step upgrade = plan.step("upgrade-a").orElseThrow();
    assertTrue(upgrade.pointOfNoReturn());
    assertTrue(upgrade.destructive());
    assertNotNull(upgrade.gate());
    assertFalse(plan.step("takeover-b").orElseThrow().pointOfNoReturn());
    assertTrue(plan.step("takeover-b").orElseThrow().hasUndo());
  }

  @Test
  void activeIsTakenFromObservedFactsAndRecordedInTheGoal() throws Exception {
    Facts swapped =
        Fixtures.healthyPair()
            .with(
                List.of(
                    new dev.baton.facts.Fact(
                        dev.baton.facts.FactKind.ROLE,
                        "a",
                        "standby",
                        "t",
                        java.time.Instant.EPOCH),
                    new dev.baton.facts.Fact(
                        dev.baton.facts.FactKind.ROLE,
                        "b",
                        "active",
                        "t",
                        java.time.Instant.EPOCH)));
    Plan plan = strategy.plan(Fixtures.pair(), swapped, Goal.upgradeTo("2.0"));
    assertEquals("b", plan.goal().options().get("active"));
    assertEquals("takeover-a", plan.steps().get(4).id());
  }

  @Test
  void replanningWithTheRecordedGoalGivesTheSameFingerprint() throws Exception {
    Plan first = strategy.plan(Fixtures.pair(), Fixtures.healthyPair(), Goal.upgradeTo("2.0"));
    Plan again = strategy.plan(Fixtures.pair(), Facts.empty(), first.goal());
    assertEquals(first.fingerprint(), again.fingerprint());
  }

  @Test
  void checklistIsNumberedAndShowsGuardsOnCurrentFacts() throws Exception {
    Topology t = Fixtures.pair();
    Plan plan = strategy.plan(t, Fixtures.healthyPair(), Goal.upgradeTo("2.0"));
    String text = Checklist.render(plan, t, Fixtures.healthyPair());
    assertTrue(text.contains(" 1. [ ] Check the pair is ready for a takeover"), text);
    assertTrue(text.contains("19. [ ] Verify both servers at 2.0"), text);
    assertTrue(text.contains("POINT OF NO RETURN"), text);
    assertTrue(
        text.contains("guard:  standby-synced: replication ha is synced with no lag  -> ok now"),
        text);
    assertTrue(
        text.contains(
            "guard:  backup-exists: a has a verified backup  -> not yet (checked when the step runs): a has no verified backup"),
        text);
  }

  @Test
  void withoutAStandbyItPlansAnAnnouncedOutage() throws Exception {
    Topology pair = Fixtures.pair();
    Topology single =
        new Topology(
            pair.system(),
            pair.pack(),
            pair.driver(),
            pair.roleModel(),
            pair.sides().subList(0, 1),
            pair.nodes().subList(0, 1),
            pair.components().subList(0, 1),
            List.of(),
            List.of(),
            List.of(),
            Map.of());
    Plan plan = strategy.plan(single, Facts.empty(), Goal.upgradeTo("2.0"));
    assertEquals(List.of("backup-a", "upgrade-a"), plan.steps().stream().map(Step::id).toList());
    assertTrue(plan.steps().get(0).gate().text().contains("announced outage"));
    assertTrue(plan.notes().get(0).contains("recovering from a failed upgrade is harder"));
    assertTrue(plan.steps().stream().allMatch(s -> s.source().startsWith("seed 001 ")));
  }

  @Test
  void everyStepCitesItsSeed001Step() throws Exception {
    Plan plan = strategy.plan(Fixtures.pair(), Fixtures.healthyPair(), Goal.upgradeTo("2.0"));
    for (Step s : plan.steps()) {
      assertTrue(
          s.source().matches("seed 001 (step|steps|before you begin|results).*"),
          s.id() + ": " + s.source());
    }
    assertEquals("seed 001 step 3", plan.step("standby-a").orElseThrow().source());
    assertEquals("seed 001 step 8", plan.step("restarted-a").orElseThrow().source());
  }

  @Test
  void theSecondaryIsShutDownBeforeTheTakenBackPrimaryIsValidated() throws Exception {
    Plan plan = strategy.plan(Fixtures.pair(), Fixtures.healthyPair(), Goal.upgradeTo("2.0"));
    List<String> ids = plan.steps().stream().map(Step::id).toList();
    assertTrue(ids.indexOf("takeover-a") < ids.indexOf("stop-b"));
    assertTrue(ids.indexOf("stop-b") < ids.indexOf("validate-a"));
    assertTrue(ids.indexOf("validate-a") < ids.indexOf("upgrade-b"));
    Step stop = plan.step("stop-b").orElseThrow();
    assertTrue(stop.title().contains("only one server runs scheduled tasks"), stop.title());
    String validate = plan.step("validate-a").orElseThrow().verify().describe();
    assertEquals(
        "role(a)=active and version(a)=2.0 and service(a)=running and service(b)=stopped",
        validate);
    assertEquals(
        List.of("no-transitory-sessions"),
        plan.step("validate-a").orElseThrow().guards().stream().map(g -> g.name()).toList());
  }

  @Test
  void observedPortsAreRecordedInTheGoalAndCheckedAfterEachUpgrade() throws Exception {
    Facts withPorts =
        Fixtures.healthyPair()
            .with(
                List.of(
                    new dev.baton.facts.Fact(
                        dev.baton.facts.FactKind.PROPERTY,
                        "a.ports",
                        "9558,9559",
                        "t",
                        java.time.Instant.EPOCH)));
    Plan plan = strategy.plan(Fixtures.pair(), withPorts, Goal.upgradeTo("2.0"));

    assertEquals("9558,9559", plan.goal().options().get("ports.a"));
    assertTrue(
        plan.step("restarted-a").orElseThrow().verify().describe().endsWith("ports(a)=9558,9559"));
    assertTrue(
        plan.step("verify-upgrade")
            .orElseThrow()
            .verify()
            .describe()
            .contains("ports(a)=9558,9559"));
    assertEquals(
        List.of(
            "the ports of b were not observed, so whether the upgrade kept them is not checked"),
        plan.notes().stream().filter(n -> n.contains("ports")).toList());
    Plan resumed = strategy.plan(Fixtures.pair(), Facts.empty(), plan.goal());
    assertEquals(plan.fingerprint(), resumed.fingerprint());
  }

  @Test
  void noTargetVersionIsAPlanningError() {
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () -> strategy.plan(Fixtures.pair(), Facts.empty(), new Goal(null, Map.of())));
    assertEquals("takeover needs a target version (--to)", e.getMessage());
  }
}
