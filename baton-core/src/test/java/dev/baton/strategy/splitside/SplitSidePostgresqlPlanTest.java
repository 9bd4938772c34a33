package dev.baton.strategy.splitside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.FullStopStrategy;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 planned for a dual-sided PostgreSQL system: each side's PgBouncer has no version, so the
 * plans stop and start it around its side's upgrade and never install it.
 */
class SplitSidePostgresqlPlanTest {

  private static Topology dual() throws Exception {
    return TopologyLoader.load(Path.of("..", "examples", "postgresql-dual-side.yaml")).topology();
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
  void eachSidesGateClosesBeforeItsDatabaseChangesAndOpensAfter() throws Exception {
    Plan p = new SplitSideStrategy().plan(dual(), Facts.empty(), Goal.upgradeTo("17.6"));
    List<String> ids = ids(p);
    assertTrue(at(ids, "stop-bouncer-a") < at(ids, "unreplicate-report"));
    assertTrue(at(ids, "unreplicate-report") < at(ids, "unreplicate-main"));
    assertTrue(at(ids, "unreplicate-main") < at(ids, "upgrade-pg-a"));
    assertTrue(at(ids, "upgrade-pg-a") < at(ids, "start-bouncer-a"));
    assertTrue(at(ids, "stop-bouncer-b") < at(ids, "list-changes-pg-b"));
    assertTrue(at(ids, "list-changes-pg-b") < at(ids, "restore-pg-b"));
    assertTrue(at(ids, "rereplicate-main") < at(ids, "rereplicate-report"));
    assertTrue(at(ids, "rereplicate-report") < at(ids, "start-bouncer-b"));
    // A gate is never uninstalled or installed; the servers are installed once each.
    assertEquals(
        List.of("pg-a", "pg-b"),
        p.steps().stream()
            .filter(s -> s.action().verb() == Verb.INSTALL)
            .map(s -> s.action().target())
            .toList());
    assertTrue(p.steps().stream().noneMatch(s -> s.action().verb() == Verb.UNINSTALL), ids + "");
  }

  @Test
  void fullStopInstallsTheServersOnlyAndVerifiesTheGatesRun() throws Exception {
    Plan p = new FullStopStrategy().plan(dual(), Facts.empty(), Goal.upgradeTo("17.6"));
    List<String> ids = ids(p);
    assertEquals(
        List.of("pg-a", "pg-b"),
        p.steps().stream()
            .filter(s -> s.action().verb() == Verb.INSTALL)
            .map(s -> s.action().target())
            .toList());
    assertTrue(at(ids, "stop-bouncer-a") < at(ids, "unreplicate-report"));
    assertTrue(at(ids, "rereplicate-report") < at(ids, "start-bouncer-b"));
    String verify = p.steps().get(at(ids, "verify-upgrade")).verify().describe();
    assertTrue(verify.contains("bouncer-a"), verify);
    assertTrue(!verify.contains("version(bouncer-a)"), verify);
  }
}
