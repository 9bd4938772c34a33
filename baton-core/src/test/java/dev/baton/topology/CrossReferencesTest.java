package dev.baton.topology;

import static dev.baton.topology.Fixtures.errors;
import static dev.baton.topology.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.baton.model.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossReferencesTest {

  @Test
  void baseFixtureLoads() throws Exception {
    assertEquals(2, TopologyLoader.parse(Fixtures.BASE, "t.yaml").topology().components().size());
  }

  @Test
  void unknownNodeOfAComponentIsReportedAtTheNodeValue() {
    assertEquals(
        List.of(
            "t.yaml:20:11: component pg-b names node 'db-x', which is not declared;"
                + " declared nodes: db-a, db-b"),
        errors(with("    node: db-b\n", "    node: db-x\n")));
  }

  @Test
  void unknownSideOfANode() {
    assertEquals(
        List.of(
            "t.yaml:11:11: node db-b names side 'C', which is not declared; declared sides: A, B"),
        errors(with("    side: B\n", "    side: C\n")));
  }

  @Test
  void duplicateSideNamesPointAtTheSecondAndCiteTheFirst() {
    assertEquals(
        List.of(
            "t.yaml:6:11: two sides are named A (first at 5:11)",
            "t.yaml:11:11: node db-b names side 'B', which is not declared; declared sides: A"),
        errors(with("  - name: B\n", "  - name: A\n")));
  }

  @Test
  void duplicateNodeNames() {
    assertEquals(
        List.of(
            "t.yaml:10:11: two nodes are named db-a (first at 8:11)",
            "t.yaml:20:11: component pg-b names node 'db-b', which is not declared;"
                + " declared nodes: db-a"),
        errors(with("  - name: db-b\n", "  - name: db-a\n")));
  }

  @Test
  void duplicateComponentNames() {
    assertEquals(
        List.of(
            "t.yaml:19:11: two components are named pg-a (first at 13:11)",
            "t.yaml:28:9: replication link wal names component 'pg-b', which is not declared;"
                + " declared components: pg-a"),
        errors(with("  - name: pg-b\n", "  - name: pg-a\n")));
  }

  @Test
  void duplicateReplicationLinkNames() {
    String second = "  - name: wal\n    from: pg-b\n    to: pg-a\n    kind: streaming\n";
    assertEquals(
        List.of("t.yaml:30:11: two replication links are named wal (first at 26:11)"),
        errors(with("    kind: streaming\n", "    kind: streaming\n" + second)));
  }

  @Test
  void duplicateEntryPointNames() {
    String second = "  - name: db.example.internal\n    pointsAt: pg-b\n    redirection: dns\n";
    assertEquals(
        List.of("t.yaml:34:11: two entry points are named db.example.internal (first at 31:11)"),
        errors(with("    redirection: dns\n", "    redirection: dns\n" + second)));
  }

  @Test
  void replicationLinkFromAComponentToItself() {
    assertEquals(
        List.of("t.yaml:28:9: replication link wal goes from pg-a to itself"),
        errors(with("    to: pg-b\n", "    to: pg-a\n")));
  }

  @Test
  void replicationLinkNamingAnUnknownComponent() {
    assertEquals(
        List.of(
            "t.yaml:27:11: replication link wal names component 'pg-z', which is not declared;"
                + " declared components: pg-a, pg-b"),
        errors(with("    from: pg-a\n", "    from: pg-z\n")));
  }

  @Test
  void entryPointPointingAtAnUnknownComponent() {
    assertEquals(
        List.of(
            "t.yaml:32:15: entry point db.example.internal names component 'web', which is not"
                + " declared; declared components: pg-a, pg-b"),
        errors(with("    pointsAt: pg-a\n", "    pointsAt: web\n")));
  }

  @Test
  void unknownRoleModelListsTheKnownOnes() {
    assertEquals(
        List.of(
            "t.yaml:3:12: roleModel 'leader-follower' is not known; known role models:"
                + " active-standby, master-slave, primary-replica"),
        errors(with("roleModel: primary-replica\n", "roleModel: leader-follower\n")));
  }

  @Test
  void declaredRoleThatTheRoleModelDoesNotHave() {
    assertEquals(
        List.of(
            "t.yaml:24:11: component pg-b declares role 'slave', which role model primary-replica"
                + " does not have; its roles: primary, replica"),
        errors(with("    role: replica\n", "    role: slave\n")));
  }

  @Test
  void moreDeclaredActivesInARoleGroupThanTheRoleModelAllows() {
    assertEquals(
        List.of(
            "t.yaml:24:11: role group pg has 2 components declared primary (pg-a, pg-b); role model"
                + " primary-replica allows at most 1"),
        errors(with("    role: replica\n", "    role: primary\n")));
  }

  @Test
  void declaredActivesOutsideAnyRoleGroupAreNotCounted() throws Exception {
    String text =
        Fixtures.BASE.replace("    roleGroup: pg\n", "").replace("role: replica", "role: primary");
    assertFalse(text.contains("roleGroup"));
    assertEquals(2, TopologyLoader.parse(text, "t.yaml").topology().components().size());
  }

  @Test
  void sshNodeWithoutHost() {
    assertEquals(
        List.of("t.yaml:10:16: node db-a uses ssh but has no host"),
        errors(with("    side: A\n", "    side: A\n    transport: ssh\n")));
  }

  @Test
  void sshNodeWithHostGetsTheDefaultPort() throws Exception {
    String text = with("    side: A\n", "    side: A\n    transport: ssh\n    host: 10.0.0.1\n");
    Node node = TopologyLoader.parse(text, "t.yaml").topology().node("db-a").orElseThrow();
    assertEquals(22, node.port());
    assertEquals(0, TopologyLoader.parse(Fixtures.BASE, "t.yaml").topology().nodes().get(1).port());
  }

  @Test
  void literalSecretIsRefusedWithoutRepeatingIt() {
    List<String> errors = errors(with("    ref: env:PG_PASSWORD\n", "    ref: hunter2\n"));
    assertEquals(
        List.of(
            "t.yaml:36:10: secret db-password: ref must be env:NAME or file:PATH; a literal secret"
                + " is refused (the value is not shown)"),
        errors);
    assertFalse(String.join("\n", errors).contains("hunter2"));
  }

  @Test
  void envRefNeedsAVariableName() {
    assertEquals(1, errors(with("    ref: env:PG_PASSWORD\n", "    ref: \"env:\"\n")).size());
  }

  @Test
  void aPauseBudgetOnAnEntryPointThatCannotHoldClientsIsAnError() {
    assertEquals(
        List.of(
            "t.yaml:35:22: entry point db.example.internal uses dns redirection, which cannot"
                + " hold clients, so it has no pause budget"),
        errors(
            with(
                "    redirection: dns\n",
                "    redirection: dns\n    properties:\n      pauseBudgetMs: \"2000\"\n")));
  }

  @Test
  void aPoolersPauseBudgetMustBeWholeMillisecondsWithinItsBounds() {
    assertEquals(
        List.of(
            "t.yaml:35:22: the pause budget of entry point db.example.internal must be a whole"
                + " number of milliseconds from 100 to 60000, not 2s"),
        errors(
            with(
                "    redirection: dns\n",
                "    redirection: pooler\n    properties:\n      pauseBudgetMs: \"2s\"\n")));
  }
}
