package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FullStopStrategyTest {

  static Topology dualSide() {
    return new Topology(
        "ccmp",
        "ccmp",
        "sim",
        "active-standby",
        List.of(new Side("A", 1), new Side("B", 2)),
        List.of(
            new Node("a-db", "A", Transport.LOCAL, "", 0, ""),
            new Node("b-db", "B", Transport.LOCAL, "", 0, "")),
        List.of(
            c("a-database", "a-db", 1),
            c("b-database", "b-db", 1),
            c("a-web", "a-db", 2),
            c("b-web", "b-db", 2)),
        List.of(
            new ReplicationLink("report-db", "a-database", "b-database", "merge", true, 1),
            new ReplicationLink("main-db", "a-database", "b-database", "merge", true, 2)),
        List.of(),
        List.of(),
        Map.of());
  }

  static Component c(String name, String node, int order) {
    return new Component(name, node, "x", Version.parse("8.5.0"), null, null, order, Map.of());
  }

  @Test
  void removesReplicationInOrderAndRebuildsInReverse() throws Exception {
    Plan plan = new FullStopStrategy().plan(dualSide(), Facts.empty(), Goal.upgradeTo("8.5.1"));
    List<String> ids = plan.steps().stream().map(Step::id).toList();
    assertTrue(ids.indexOf("unreplicate-report-db") < ids.indexOf("unreplicate-main-db"));
    assertTrue(ids.indexOf("rereplicate-main-db") < ids.indexOf("rereplicate-report-db"));
    assertTrue(ids.indexOf("unreplicate-main-db") < ids.indexOf("backup-a-database"));
    assertTrue(ids.indexOf("upgrade-b-database") < ids.indexOf("upgrade-a-web"));
    assertTrue(plan.step("unreplicate-report-db").orElseThrow().pointOfNoReturn());
  }

  @Test
  void componentsOfOneOrderUpgradeInOneParallelGroup() throws Exception {
    Plan plan = new FullStopStrategy().plan(dualSide(), Facts.empty(), Goal.upgradeTo("8.5.1"));
    assertEquals("order-1", plan.step("upgrade-a-database").orElseThrow().parallelGroup());
    assertEquals("order-1", plan.step("upgrade-b-database").orElseThrow().parallelGroup());
    assertEquals("order-2", plan.step("upgrade-a-web").orElseThrow().parallelGroup());
  }

  @Test
  void stopsDependentsFirstBehindAnOutageGate() throws Exception {
    Plan plan = new FullStopStrategy().plan(dualSide(), Facts.empty(), Goal.upgradeTo("8.5.1"));
    Step first = plan.steps().get(0);
    assertTrue(first.id().startsWith("stop-") && first.id().endsWith("-web"), first.id());
    assertTrue(first.gate().text().contains("announced outage"));
  }
}
