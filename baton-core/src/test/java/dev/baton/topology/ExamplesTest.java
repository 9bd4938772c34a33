package dev.baton.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.model.Component;
import dev.baton.model.Redirection;
import dev.baton.model.ReplicationLink;
import dev.baton.model.SecretRef;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.model.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  @Test
  void takeoverExampleDescribesAnActiveStandbyPairOnTheSimulator() throws Exception {
    Topology t = TopologyLoader.load(Fixtures.example("takeover-sim.yaml")).topology();

    assertEquals("csm-prod", t.system());
    assertEquals("sim", t.driver());
    assertEquals("copy-services-manager", t.pack());
    assertEquals("active-standby", t.roleModel());
    assertEquals(List.of("A", "B"), t.sidesInOrder().stream().map(s -> s.name()).toList());
    assertEquals(2, t.nodes().size());
    assertEquals(Transport.LOCAL, t.node("csm-b").orElseThrow().transport());
    assertEquals("B", t.sideOf(t.requireComponent("csm-b-server")));
    Component active = t.requireComponent("csm-a-server");
    assertEquals("active", active.declaredRole());
    assertEquals(Version.parse("1.0"), active.version());
    assertEquals(List.of("csm-a-server", "csm-b-server"), names(t.roleGroup("csm")));
    assertEquals(
        List.of("csm-a-server -> csm-b-server"),
        t.links().stream().map(ReplicationLink::endpoints).toList());
    assertEquals("ha", t.links().get(0).kind());
    assertEquals(Redirection.DNS, t.entryPoints().get(0).redirection());
    assertEquals("csm.example.internal", t.entryPoints().get(0).name());
    assertEquals(
        List.of(new SecretRef("csm-admin-password", SecretRef.Scheme.ENV, "CSM_ADMIN_PASSWORD")),
        t.secrets());
    assertEquals(Map.of(), t.sim());
  }

  @Test
  void fullStopExampleHasTwoBidirectionalLinksRemovedInOrder() throws Exception {
    LoadedTopology loaded = TopologyLoader.load(Fixtures.example("full-stop-sim.yaml"));
    Topology t = loaded.topology();

    assertEquals("ccmp-lab", t.system());
    assertEquals(4, t.nodes().size());
    assertEquals(4, t.components().size());
    assertEquals(List.of("a-database", "a-web"), names(t.componentsOnSide("A")));
    List<Component> first = t.components().stream().filter(c -> c.order() == 1).toList();
    assertEquals(List.of("a-database", "b-database"), names(first));
    assertTrue(
        t.components().stream().allMatch(c -> c.version().sameLevel(Version.parse("8.5.0"))));
    assertEquals(
        List.of("report-db", "main-db"), t.links().stream().map(ReplicationLink::name).toList());
    assertTrue(t.links().stream().allMatch(l -> l.bidirectional() && l.kind().equals("merge")));
    assertEquals(List.of(1, 2), t.links().stream().map(ReplicationLink::order).toList());
    assertEquals(Redirection.HOSTS_FILE, t.entryPoints().get(0).redirection());
    assertEquals("a-web", t.entryPoints().get(0).pointsAt());
    assertTrue(t.secrets().isEmpty());
    assertEquals(Map.of("report-db", 0, "main-db", 0), t.sim().get("lagBytes"));
    assertTrue(loaded.text().contains("system: ccmp-lab"));
    assertTrue(loaded.source().endsWith("full-stop-sim.yaml"));
  }

  @Test
  void connectedBackupExamplesLoadWithTheirSidesAndRegistrationMasters() throws Exception {
    Topology standAlone =
        TopologyLoader.load(Fixtures.example("connected-backup-standalone.yaml")).topology();
    assertEquals(1, standAlone.components().size());
    assertTrue(standAlone.entryPoints().isEmpty());

    Topology mirrored =
        TopologyLoader.load(Fixtures.example("connected-backup-mirrored.yaml")).topology();
    assertEquals(
        List.of("primary", "secondary"),
        mirrored.sidesInOrder().stream().map(s -> s.name()).toList());
    assertEquals(Redirection.CONNECTION_STRING, mirrored.entryPoints().get(0).redirection());
    assertEquals("cb-primary-server", mirrored.entryPoints().get(0).pointsAt());

    Topology cluster =
        TopologyLoader.load(Fixtures.example("connected-backup-cluster.yaml")).topology();
    assertEquals(List.of("cb-a-rm", "cb-a-m1", "cb-a-m2"), names(cluster.componentsOnSide("A")));
    assertEquals(List.of("cb-b-rm", "cb-b-m1", "cb-b-m2"), names(cluster.componentsOnSide("B")));
    assertEquals(
        "registration-master", cluster.requireComponent("cb-b-rm").properties().get("role"));
  }

  @Test
  void csmPairExampleIsAnActiveStandbyPairWithAnHaLinkAndPorts() throws Exception {
    Topology t = TopologyLoader.load(Fixtures.example("csm-pair.yaml")).topology();

    assertEquals("csm-pair", t.system());
    assertEquals("sim", t.driver());
    assertEquals("copy-services-manager", t.pack());
    assertEquals(List.of("csm-a-server", "csm-b-server"), names(t.roleGroup("csm")));
    assertTrue(t.components().stream().allMatch(c -> c.kind().equals("csm-server")));
    assertEquals("active", t.requireComponent("csm-a-server").declaredRole());
    assertEquals("standby", t.requireComponent("csm-b-server").declaredRole());
    assertEquals("ha", t.links().get(0).kind());
    assertEquals("csm-a-server", t.entryPoints().get(0).pointsAt());
    assertEquals(
        Map.of("csm-a-server", "9558,9559,9560", "csm-b-server", "9558,9559,9560"),
        t.sim().get("ports"));
  }

  private static List<String> names(List<Component> components) {
    return components.stream().map(Component::name).toList();
  }
}
