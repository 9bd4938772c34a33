package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimaryFirstStrategyTest {

  private static Topology example(String name) throws Exception {
    return TopologyLoader.load(Path.of("..", "examples", name)).topology();
  }

  private static Plan cluster() throws Exception {
    return new PrimaryFirstStrategy()
        .plan(example("connected-backup-cluster.yaml"), Facts.empty(), Goal.upgradeTo("9.0.7.2"));
  }

  private static int at(List<String> ids, String id) {
    int i = ids.indexOf(id);
    assertTrue(i >= 0, "no step " + id + " in " + ids);
    return i;
  }

  @Test
  void eachSideUpgradesItsRegistrationMasterBeforeItsMembersWhichGoTogether() throws Exception {
    Plan plan = cluster();
    List<String> ids = plan.steps().stream().map(Step::id).toList();
    for (String s : List.of("a", "b")) {
      int master = at(ids, "upgrade-cb-" + s + "-rm");
      assertTrue(master < at(ids, "upgrade-cb-" + s + "-m1"));
      assertTrue(master < at(ids, "upgrade-cb-" + s + "-m2"));
      String group = s.toUpperCase() + "-members";
      assertEquals(group, plan.step("upgrade-cb-" + s + "-m1").orElseThrow().parallelGroup());
      assertEquals(group, plan.step("upgrade-cb-" + s + "-m2").orElseThrow().parallelGroup());
      assertEquals(null, plan.step("upgrade-cb-" + s + "-rm").orElseThrow().parallelGroup());
      assertTrue(plan.step("upgrade-cb-" + s + "-rm").orElseThrow().pointOfNoReturn());
    }
  }

  @Test
  void thePrimarySideIsEntirelyBeforeTheSecondary() throws Exception {
    List<String> ids = cluster().steps().stream().map(Step::id).toList();
    int lastA = 0;
    int firstB = ids.size();
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i).contains("cb-a-") || ids.get(i).endsWith("-a")) {
        lastA = i;
      }
      // Side A's redirect names its target on side B, but belongs to side A.
      boolean sideA = ids.get(i).endsWith("-a-away") || ids.get(i).endsWith("-a-back");
      if (sideA) {
        lastA = i;
      } else if (ids.get(i).contains("cb-b-") && firstB == ids.size()) {
        firstB = i;
      }
    }
    assertTrue(lastA < firstB, ids.toString());
  }

  @Test
  void entryPointsMoveAwayBeforeTheSideStopsAndBackAfterItVerifies() throws Exception {
    List<String> ids = cluster().steps().stream().map(Step::id).toList();
    int away = at(ids, "redirect-cb-web-registry-to-cb-b-rm-a-away");
    int back = at(ids, "redirect-cb-web-registry-to-cb-a-rm-a-back");
    assertTrue(away < at(ids, "stop-cb-a-m2"));
    assertTrue(away < at(ids, "stop-cb-a-rm"));
    assertTrue(at(ids, "verify-side-a") < back);
    assertTrue(back < at(ids, "drain-cb-b-rm"));
  }

  @Test
  void stopsAreGuardedByDrainedSessionsAndInstallsByIntegrityAndSpace() throws Exception {
    Plan plan = cluster();
    assertTrue(
        plan.step("stop-cb-a-rm").orElseThrow().guards().stream()
            .anyMatch(g -> g.name().equals("sessions-drained")));
    List<String> install =
        plan.step("upgrade-cb-b-m1").orElseThrow().guards().stream().map(g -> g.name()).toList();
    assertTrue(
        install.containsAll(
            List.of("backup-exists", "backup-clean", "integrity-clean", "free-space")));
  }

  @Test
  void aStandAloneServerIsAnAnnouncedOutageBehindAConfirmGate() throws Exception {
    Plan plan =
        new PrimaryFirstStrategy()
            .plan(
                example("connected-backup-standalone.yaml"),
                Facts.empty(),
                Goal.upgradeTo("9.0.7.2"));
    Step first = plan.steps().get(0);
    assertEquals("drain-cb-server", first.id());
    assertTrue(first.gate().text().startsWith("announced outage"), first.gate().text());
    assertTrue(plan.notes().get(0).startsWith("announced outage"));
  }

  @Test
  void aMinimumVersionIsCheckedOnEveryServerBeforeTheFirstIsTouched() throws Exception {
    Plan plan =
        new PrimaryFirstStrategy()
            .plan(
                example("connected-backup-cluster.yaml"),
                Facts.empty(),
                new Goal(
                    dev.baton.model.Version.parse("9.0.7.2"),
                    java.util.Map.of(PrimaryFirstStrategy.MIN_SOURCE, "9.0.5")));
    Step first = plan.steps().get(0);
    List<String> checked =
        first.guards().stream()
            .filter(g -> g instanceof dev.baton.guard.SupportedSource)
            .map(g -> ((dev.baton.guard.SupportedSource) g).component())
            .sorted()
            .toList();
    assertEquals(
        List.of("cb-a-rm", "cb-b-m1", "cb-b-m2", "cb-b-rm"),
        checked,
        "side B's servers are checked at side A's first drain, side A's own at each drain");
  }
}
