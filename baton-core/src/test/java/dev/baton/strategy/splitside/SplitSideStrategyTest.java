package dev.baton.strategy.splitside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.PlanningException;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 002's split-side upgrade planned for the dual-side CCMP example. */
class SplitSideStrategyTest {

  private static Topology ccmp() throws Exception {
    return TopologyLoader.load(Path.of("..", "examples", "ccmp-dual-side.yaml")).topology();
  }

  private static Plan plan() throws Exception {
    return new SplitSideStrategy().plan(ccmp(), Facts.empty(), Goal.upgradeTo("8.5.1"));
  }

  private static List<String> ids(Plan p) {
    return p.steps().stream().map(Step::id).toList();
  }

  private static int at(List<String> ids, String id) {
    int i = ids.indexOf(id);
    assertTrue(i >= 0, "no step " + id + " in " + ids);
    return i;
  }

  @Test
  void replicationIsRemovedReportServerFirstAndRebuiltInReverse() throws Exception {
    List<String> ids = ids(plan());
    assertTrue(at(ids, "unreplicate-report-server") < at(ids, "unreplicate-portal"));
    assertTrue(at(ids, "rereplicate-portal") < at(ids, "rereplicate-report-server"));
    assertTrue(at(ids, "unreplicate-portal") < at(ids, "uninstall-a-db-server"));
  }

  @Test
  void failoverIsPinnedWhileSplitAndUnpinnedJustBeforeReplicationReturns() throws Exception {
    List<String> ids = ids(plan());
    for (String node : List.of("ccmp-db-a", "ccmp-web-a", "ccmp-db-b", "ccmp-web-b")) {
      int pin = at(ids, "pin-failover-" + node);
      int unpin = at(ids, "unpin-failover-" + node);
      // Before side A stops: its clients could otherwise fail over to side B meanwhile.
      assertTrue(pin < at(ids, "stop-a-web"), node);
      assertTrue(pin < at(ids, "unreplicate-report-server"), node);
      assertTrue(at(ids, "upgrade-b-web") < unpin, node);
      assertTrue(unpin < at(ids, "rereplicate-portal"), node);
    }
  }

  @Test
  void eachNodeNamesTheOtherSidesServersWithItsOwnSidesAddresses() throws Exception {
    Plan p = plan();
    assertEquals(
        "ccmpdbb=ccmpdba,ccmpwebb=127.0.0.1",
        p.step("pin-failover-ccmp-web-a").orElseThrow().action().params().get("entries"));
    assertEquals(
        "ccmpdba=127.0.0.1,ccmpweba=ccmpwebb",
        p.step("pin-failover-ccmp-db-b").orElseThrow().action().params().get("entries"));
  }

  @Test
  void sideBsChangesAreListedBeforeAnythingCanDiscardThem() throws Exception {
    List<String> ids = ids(plan());
    int list = at(ids, "list-changes-b-portal-db");
    assertTrue(at(ids, "stop-b-db-server") < list, "listed after side B stops changing");
    assertTrue(list < at(ids, "restore-b-portal-db"));
    assertTrue(list < at(ids, "rereplicate-portal"));
  }

  @Test
  void theRestoreOfSideAsBackupComesBeforeSideBsDatabaseUpgrade() throws Exception {
    Plan p = plan();
    List<String> ids = ids(p);
    assertTrue(at(ids, "backup-a-portal-db-rejoin") < at(ids, "restore-b-portal-db"));
    assertTrue(at(ids, "restore-b-portal-db") < at(ids, "upgrade-b-portal-db"));
    Step restore = p.step("restore-b-portal-db").orElseThrow();
    assertEquals("a-portal-db", restore.action().params().get("from"));
    assertEquals("rejoin-8.5.1-a-portal-db", restore.action().params().get("label"));
    assertTrue(restore.pointOfNoReturn() && restore.destructive() && restore.gate() != null);
  }

  @Test
  void sideAIsUpgradedAndVerifiedBeforeSideBIsTouched() throws Exception {
    List<String> ids = ids(plan());
    int verifiedA = at(ids, "verify-side-a");
    for (String id : ids) {
      if (id.startsWith("stop-b-")
          || id.startsWith("uninstall-b-")
          || id.startsWith("upgrade-b-")) {
        assertTrue(verifiedA < ids.indexOf(id), id);
      }
    }
    assertTrue(at(ids, "upgrade-a-portal-db") < at(ids, "upgrade-a-db-server"));
    assertTrue(at(ids, "upgrade-a-db-server") < at(ids, "upgrade-a-web"));
  }

  @Test
  void everyInstallChecksThePassphraseFingerprint() throws Exception {
    for (Step s : plan().steps()) {
      if (s.action().verb() == Verb.INSTALL) {
        assertTrue(s.guards().stream().anyMatch(g -> g.name().equals("same-passphrase")), s.id());
      }
    }
  }

  @Test
  void theNotesShowTheWindowThePinsTheWinnerTheRestoreRuleAndThePointsOfNoReturn()
      throws Exception {
    List<String> notes = plan().notes();
    assertTrue(notes.get(0).startsWith("single-sided window: side B serves alone from step 8"));
    assertTrue(notes.get(1).startsWith("forced failover: steps 2-5 pin"), notes.get(1));
    assertTrue(notes.get(1).contains("steps 32-35 remove the pins"), notes.get(1));
    assertTrue(notes.get(2).startsWith("data: side A's data wins; step 23 lists"), notes.get(2));
    assertTrue(notes.get(3).startsWith("restore rule: if the sides have been split for 24 h"));
    assertEquals("points of no return: steps 8, 12, 14, 26, 28, 29, 36", notes.get(4));
  }

  @Test
  void aSystemWithOneSideOrNoReplicationIsRefused() throws Exception {
    Topology t = ccmp();
    Topology noLinks =
        new Topology(
            t.system(),
            t.pack(),
            t.driver(),
            t.roleModel(),
            t.sides(),
            t.nodes(),
            t.components(),
            List.of(),
            t.entryPoints(),
            t.secrets(),
            t.sim());
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () -> new SplitSideStrategy().plan(noLinks, Facts.empty(), Goal.upgradeTo("8.5.1")));
    assertTrue(e.getMessage().contains("declares none"), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }
}
