package dev.baton.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.model.Component;
import dev.baton.model.SecretRef;
import dev.baton.model.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** examples/entsso-cluster.yaml: the seed 003 environment the uncluster strategy plans for. */
class EntssoExampleTest {

  private final Topology t = load();

  private static Topology load() {
    try {
      return TopologyLoader.load(Fixtures.example("entsso-cluster.yaml")).topology();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> ofKind(String kind) {
    return t.components().stream().filter(c -> c.kind().equals(kind)).map(Component::name).toList();
  }

  @Test
  void twoClusterNodesShareOneRoleGroupWithOneDeclaredActive() {
    assertEquals("entsso", t.pack());
    assertEquals("sim", t.driver());
    assertEquals(List.of("entsso-mss-1", "entsso-mss-2"), ofKind("entsso-mss"));
    assertEquals(
        List.of("active", "standby"),
        t.roleGroup("entsso-mss").stream().map(Component::declaredRole).toList());
    assertEquals(
        List.of("sso-node-1", "sso-node-2"),
        t.roleGroup("entsso-mss").stream().map(Component::node).toList());
  }

  @Test
  void theClusteredResourceNamesTheSecretThatProtectsItsBackupByReference() {
    assertEquals(List.of("entsso-cluster"), ofKind("cluster-resource"));
    assertEquals(
        "entsso-secret-backup",
        t.requireComponent("entsso-cluster").properties().get("backupPasswordSecret"));
    assertEquals(
        List.of(
            new SecretRef(
                "entsso-secret-backup", SecretRef.Scheme.ENV, "ENTSSO_SECRET_BACKUP_PASSWORD")),
        t.secrets());
  }

  @Test
  void everyDependentKindAndBothDatabaseSetsArePresent() {
    assertEquals(List.of("bts-host-1", "bts-host-2"), ofKind("biztalk-host"));
    assertEquals(List.of("rule-engine-1"), ofKind("rule-engine"));
    assertEquals(List.of("sso-slave-1", "sso-slave-2"), ofKind("sso-slave"));
    assertEquals(List.of("bts-sql-jobs"), ofKind("sql-agent-jobs"));
    assertEquals(List.of("sso-db"), ofKind("sso-db"));
    assertEquals(List.of("biztalk-dbs"), ofKind("biztalk-dbs"));
    assertEquals(
        Map.of("cluster-state", "online", "owner", "entsso-mss-1"),
        ((Map<?, ?>) t.sim().get("properties")).get("entsso-cluster"));
  }
}
