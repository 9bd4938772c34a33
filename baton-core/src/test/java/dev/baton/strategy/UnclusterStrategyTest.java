package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.model.ProductTerms;
import dev.baton.model.Term;
import dev.baton.model.Topology;
import dev.baton.pack.Packs;
import dev.baton.plan.Checklist;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 003's order rules, pinned on the plan for examples/entsso-cluster.yaml. */
class UnclusterStrategyTest {

  private static Topology example() throws Exception {
    Topology t = TopologyLoader.load(Path.of("..", "examples", "entsso-cluster.yaml")).topology();
    return new Packs(Path.of("..", "packs")).withTerms(t);
  }

  private static Plan plan() throws Exception {
    return new UnclusterStrategy().plan(example(), Facts.empty(), Goal.upgradeTo("4.0.2"));
  }

  private static List<String> ids(Plan plan) {
    return plan.steps().stream().map(Step::id).toList();
  }

  private static int at(List<String> ids, String id) {
    int i = ids.indexOf(id);
    assertTrue(i >= 0, "no step " + id + " in " + ids);
    return i;
  }

  private static List<String> guards(Plan plan, String id) {
    return plan.step(id).orElseThrow().guards().stream().map(g -> g.name()).toList();
  }

  @Test
  void isRegisteredAsUncluster() {
    assertTrue(Strategies.named("uncluster").orElseThrow() instanceof UnclusterStrategy);
  }

  @Test
  void dependentsAreQuiescedInSeedOrderBeforeAnyBackupAndTheFirstStopIsGated() throws Exception {
    Plan plan = plan();
    List<String> ids = ids(plan);
    List<String> quiesce =
        List.of(
            "stop-bts-host-1",
            "stop-bts-host-2",
            "stop-rule-engine-1",
            "stop-sso-slave-1",
            "stop-sso-slave-2",
            "disable-bts-sql-jobs");
    assertEquals(quiesce, ids.subList(0, quiesce.size()));
    assertTrue(plan.steps().get(0).gate().text().startsWith("announced outage"));
    assertNull(plan.steps().get(1).gate());
    assertTrue(at(ids, "disable-bts-sql-jobs") < at(ids, "backup-secret-entsso-cluster"));
  }

  @Test
  void theSecretAndEveryDatabaseAreBackedUpBeforeTheResourceGoesOffline() throws Exception {
    Plan plan = plan();
    List<String> ids = ids(plan);
    int offline = at(ids, "offline-entsso-cluster");
    for (String backup :
        List.of(
            "backup-secret-entsso-cluster",
            "backup-sso-db",
            "full-backup-biztalk-dbs",
            "backup-entsso-mss-1",
            "backup-entsso-mss-2")) {
      assertTrue(at(ids, backup) < offline, backup);
    }
    Step secret = plan.step("backup-secret-entsso-cluster").orElseThrow();
    assertEquals(
        Map.of("label", "pre-4.0.2-master-secret", "secret", "entsso-secret-backup"),
        secret.action().params());
    assertEquals(List.of("secret-set"), guards(plan, "backup-secret-entsso-cluster"));
    assertEquals(
        List.of("dependents-quiesced", "secret-backed-up"), guards(plan, "offline-entsso-cluster"));
  }

  @Test
  void theSecretIsPassedByItsNameAndNoStepCarriesItsValue() throws Exception {
    String checklist = Checklist.render(plan(), example());
    assertTrue(checklist.contains("secret=entsso-secret-backup"), checklist);
    assertTrue(!checklist.toLowerCase().contains("env:"), checklist);
  }

  @Test
  void theUnclusterMakesThePrimaryTheMasterAndItsPeerItsSlaveBeforeAnyInstall() throws Exception {
    Plan plan = plan();
    List<String> ids = ids(plan);
    int offline = at(ids, "offline-entsso-cluster");
    int standalone = at(ids, "set-master-entsso-mss-1-to-entsso-mss-1");
    int restart = at(ids, "scm-start-entsso-mss-1");
    int demote = at(ids, "set-master-entsso-mss-2-to-entsso-mss-1");
    int firstInstall = at(ids, "upgrade-entsso-mss-1");
    assertTrue(offline < standalone && standalone < restart && restart < demote, ids.toString());
    assertTrue(at(ids, "scm-stop-entsso-mss-1") < restart);
    assertTrue(demote < at(ids, "scm-start-entsso-mss-2"));
    assertTrue(at(ids, "scm-start-entsso-mss-2") < firstInstall);
    assertEquals(
        Map.of("master", "entsso-mss-1"),
        plan.step("set-master-entsso-mss-2-to-entsso-mss-1").orElseThrow().action().params());
  }

  @Test
  void eachNodeIsUpgradedAloneBehindAGateAsAPointOfNoReturnOnAConsistentBackup() throws Exception {
    Plan plan = plan();
    List<String> ids = ids(plan);
    assertTrue(at(ids, "upgrade-entsso-mss-1") < at(ids, "upgrade-entsso-mss-2"));
    for (String node : List.of("entsso-mss-1", "entsso-mss-2")) {
      Step install = plan.step("upgrade-" + node).orElseThrow();
      assertTrue(install.destructive());
      assertTrue(install.pointOfNoReturn());
      assertNotNull(install.gate());
      assertNull(install.parallelGroup());
      assertEquals(
          List.of("backup-exists", "unclustered", "consistent-full-backup"),
          guards(plan, "upgrade-" + node));
    }
    long pointsOfNoReturn = plan.steps().stream().filter(Step::pointOfNoReturn).count();
    assertEquals(2, pointsOfNoReturn);
  }

  @Test
  void theReclusterPointsThePrimaryAtTheClusterBringsItOnlineThenPromotesThePeer()
      throws Exception {
    Plan plan = plan();
    List<String> ids = ids(plan);
    int reference = at(ids, "set-master-entsso-mss-1-to-entsso-cluster");
    int online = at(ids, "online-entsso-cluster");
    int promote = at(ids, "set-master-entsso-mss-2-to-entsso-cluster");
    assertTrue(at(ids, "upgrade-entsso-mss-2") < reference);
    assertTrue(reference < online && online < promote, ids.toString());
    assertEquals(
        Map.of("node", "entsso-mss-1"),
        plan.step("online-entsso-cluster").orElseThrow().action().params());
  }

  @Test
  void failingOverToEachNodeIsTheLastTestAndOnlyDependentsFollow() throws Exception {
    Plan plan = plan();
    List<String> ids = ids(plan);
    int toSecondary = at(ids, "failover-to-entsso-mss-2");
    int toPrimary = at(ids, "failover-to-entsso-mss-1");
    assertTrue(at(ids, "set-master-entsso-mss-2-to-entsso-cluster") < toSecondary);
    assertTrue(toSecondary < toPrimary);
    for (String id : ids.subList(toPrimary + 1, ids.size())) {
      assertTrue(id.startsWith("start-") || id.startsWith("enable-"), id);
    }
    Step failover = plan.step("failover-to-entsso-mss-2").orElseThrow();
    String verify = failover.verify().describe();
    assertTrue(verify.contains("role(entsso-mss-2)=active"), verify);
    assertTrue(verify.contains("entsso-cluster.owner=entsso-mss-2"), verify);
    assertTrue(verify.contains("entsso-cluster.cluster-state=online"), verify);
    assertEquals(List.of("at-version", "master-secret-server"), guards(plan, failover.id()));
  }

  @Test
  void dependentsComeBackInTheReverseOfTheirQuiesceOrder() throws Exception {
    List<String> ids = ids(plan());
    List<String> back =
        List.of(
            "enable-bts-sql-jobs",
            "start-sso-slave-2",
            "start-sso-slave-1",
            "start-rule-engine-1",
            "start-bts-host-2",
            "start-bts-host-1");
    assertEquals(back, ids.subList(ids.size() - back.size(), ids.size()));
  }

  @Test
  void everyStepCitesSeed003() throws Exception {
    for (Step s : plan().steps()) {
      assertTrue(s.source().startsWith("seed 003 "), s.id() + ": " + s.source());
    }
  }

  @Test
  void theObservedActiveNodeBecomesThePrimaryAndThePlanRecordsIt() throws Exception {
    Facts facts =
        Facts.builder("test", Instant.EPOCH)
            .add(FactKind.ROLE, "entsso-mss-2", "active")
            .add(FactKind.ROLE, "entsso-mss-1", "standby")
            .build();
    Plan plan = new UnclusterStrategy().plan(example(), facts, Goal.upgradeTo("4.0.2"));
    assertEquals("entsso-mss-2", plan.goal().options().get("primary"));
    List<String> ids = ids(plan);
    assertTrue(at(ids, "upgrade-entsso-mss-2") < at(ids, "upgrade-entsso-mss-1"));
    at(ids, "set-master-entsso-mss-1-to-entsso-mss-2");
    assertEquals("failover-to-entsso-mss-2", ids.get(at(ids, "failover-to-entsso-mss-1") + 1));
  }

  @Test
  void aTopologyWithoutAClusterResourceIsRefusedWithASentence() throws Exception {
    Topology base = example();
    Topology t =
        new Topology(
            base.system(),
            base.pack(),
            base.driver(),
            base.roleModel(),
            base.sides(),
            base.nodes(),
            base.components().stream().filter(c -> !c.kind().equals("cluster-resource")).toList(),
            base.links(),
            base.entryPoints(),
            base.secrets(),
            base.sim(),
            base.terms());
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () -> new UnclusterStrategy().plan(t, Facts.empty(), Goal.upgradeTo("4.0.2")));
    assertEquals(
        "uncluster needs exactly one component of kind cluster-resource; entsso-prod has 0",
        e.getMessage());
  }

  @Test
  void withoutItsPacksClusterPartsUnclusterSaysWhereTheKindsComeFrom() throws Exception {
    Topology unloaded =
        TopologyLoader.load(Path.of("..", "examples", "entsso-cluster.yaml")).topology();
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () -> new UnclusterStrategy().plan(unloaded, Facts.empty(), Goal.upgradeTo("4.0.2")));
    assertEquals(
        "uncluster finds the clustered resource, its nodes and dependents by the kinds its pack's"
            + " cluster: section names; pack entsso is not loaded",
        e.getMessage());
    Topology noCluster =
        new Packs(Path.of("..", "packs"))
            .withTerms(TopologyLoader.load(Path.of("..", "examples", "csm-pair.yaml")).topology());
    e =
        assertThrows(
            PlanningException.class,
            () -> new UnclusterStrategy().plan(noCluster, Facts.empty(), Goal.upgradeTo("6.3.1")));
    assertTrue(
        e.getMessage().endsWith("pack copy-services-manager has no cluster: section"),
        e.getMessage());
  }

  @Test
  void theProductsNameInTitlesAndSourcesIsThePacksWord() throws Exception {
    Topology t = example();
    Topology renamed =
        t.withTerms(new ProductTerms("entsso", Map.of(Term.PRODUCT, "SSO"), t.terms().cluster()));
    Plan plan = new UnclusterStrategy().plan(renamed, Facts.empty(), Goal.upgradeTo("4.0.2"));
    Step restart = plan.step("scm-stop-entsso-mss-1").orElseThrow();
    assertEquals("Stop SSO on entsso-mss-1 through the service control manager", restart.title());
    assertEquals("seed 003 Uncluster SSO MSS (restart SSO through the SCM)", restart.source());
  }
}
