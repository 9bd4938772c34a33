package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.Redirection;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import dev.baton.plan.Hold;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MajorUpgradeStrategyTest {

  /** The pooled 15 pair a/b, and c (new primary, upgradeOf pg) and d (its standby) on 17. */
  static Topology lab() {
    Topology p = Fixtures.pooledPair(2000);
    List<Component> members = new java.util.ArrayList<>(p.components());
    members.add(
        new Component(
            "c",
            "node-a",
            "postgresql",
            Version.parse("17.6"),
            "pg17",
            "primary",
            3,
            Map.of("upgradeOf", "pg")));
    members.add(
        new Component(
            "d", "node-b", "postgresql", Version.parse("17.6"), "pg17", "replica", 4, Map.of()));
    List<ReplicationLink> links = new java.util.ArrayList<>(p.links());
    links.add(new ReplicationLink("stream17", "c", "d", "streaming", false, 2));
    return new Topology(
        p.system(),
        "",
        "postgresql",
        "primary-replica",
        List.of(new Side("A", 1), new Side("B", 2)),
        List.of(
            new Node("node-a", "A", Transport.LOCAL, "", 0, ""),
            new Node("node-b", "B", Transport.LOCAL, "", 0, "")),
        members,
        links,
        List.of(
            new EntryPoint(
                "pool", "a", Redirection.POOLER, Map.of(EntryPoint.PAUSE_BUDGET_MS, "2000"))),
        List.of(),
        Map.of());
  }

  private static List<String> ids(Plan p) {
    return p.steps().stream().map(Step::id).toList();
  }

  @Test
  void theCopyIsBuiltAndHighlyAvailableBeforeOneCutoverInsideThePoolersPause() throws Exception {
    Plan p =
        new MajorUpgradeStrategy()
            .plan(lab(), Fixtures.pooledPairFacts(), new Goal(Version.parse("17"), Map.of()));

    assertEquals(
        List.of(
            "preflight",
            "copy-c",
            "sync-c",
            "standby-d",
            "check-schema-a",
            "prepare-pool",
            "hold-pool",
            "fence-writes-a",
            "catch-up-c",
            "reverse-to-c",
            "release-pool-to-c",
            "drop-copy-subscription-c",
            "settle-pool",
            "rollback-pool-follow-a",
            "rollback-pool-unfence-a",
            "rollback-pool-release-to-a"),
        ids(p));
    assertEquals(Verb.LOGICAL_COPY, p.step("copy-c").orElseThrow().action().verb());
    assertEquals(Map.of("from", "a"), p.step("copy-c").orElseThrow().action().params());
    assertEquals(Verb.REJOIN, p.step("standby-d").orElseThrow().action().verb());
    assertEquals(Map.of("to", "a"), p.step("reverse-to-c").orElseThrow().action().params());
    Hold h = p.holds().get(0);
    assertEquals("hold-pool", h.holdStep());
    assertEquals("reverse-to-c", h.commitStep());
    assertEquals("release-pool-to-c", h.releaseStep());
    assertEquals(
        List.of(
            "replica-identity",
            "no-large-objects",
            "no-unlogged-tables",
            "extensions-available",
            "wal-level-logical",
            "replication-capacity",
            "space-for-copy",
            "not-upgrading",
            "pooler-transaction-pooling",
            "pause-budget"),
        p.step("preflight").orElseThrow().guards().stream().map(g -> g.name()).toList());
    assertTrue(
        p.notes().stream().anyMatch(n -> n.contains("until a is retired")), p.notes().toString());
  }

  @Test
  void afterASwitchoverInTheOldPairTheCopyIsOfItsPrimaryAndThePoolerIsStillHeld() throws Exception {
    Facts switched =
        Facts.builder("test", java.time.Instant.EPOCH)
            .add(FactKind.ROLE, "a", "replica")
            .add(FactKind.ROLE, "b", "primary")
            .add(FactKind.VERSION, "b", Version.parse("15.8"))
            .add(FactKind.POINTS_AT, "pool", "b")
            .build();

    Plan p =
        new MajorUpgradeStrategy().plan(lab(), switched, new Goal(Version.parse("17"), Map.of()));

    assertEquals(Map.of("from", "b"), p.step("copy-c").orElseThrow().action().params());
    assertEquals(
        Map.of("from", "b", "to", "c", "waitMs", "1000"),
        p.step("hold-pool").orElseThrow().action().params());
    assertTrue(ids(p).contains("release-pool-to-c"), ids(p).toString());
  }

  @Test
  void aPrimaryWithoutLogicalWalIsRaisedThroughASwitchoverAndTheStandbyIsCopied() throws Exception {
    Facts replica =
        Facts.builder("test", java.time.Instant.EPOCH)
            .add(FactKind.ROLE, "a", "primary")
            .add(FactKind.ROLE, "b", "replica")
            .add(FactKind.PROPERTY, "a.wal-level", "replica")
            .build();

    Plan p =
        new MajorUpgradeStrategy().plan(lab(), replica, new Goal(Version.parse("17"), Map.of()));

    List<String> ids = ids(p);
    assertEquals(
        List.of("preflight", "configure-a-wal", "configure-b-wal", "stop-b-wal", "start-b-wal"),
        ids.subList(0, 5));
    assertTrue(ids.indexOf("promote-b-wal") < ids.indexOf("copy-c"), ids.toString());
    assertEquals(Map.of("from", "b"), p.step("copy-c").orElseThrow().action().params());
    assertEquals(
        Map.of("primary", "a", "source", "b", "walLevel", "raise", "target", "c"),
        p.goal().options());
    assertTrue(
        p.step("preflight").orElseThrow().guards().stream()
            .noneMatch(g -> g.name().equals("wal-level-logical")));
    // A resumed run's plan is rebuilt from the goal without facts: the same steps.
    Plan again = new MajorUpgradeStrategy().plan(lab(), Facts.empty(), p.goal());
    assertEquals(ids, ids(again));
  }

  @Test
  void withoutANewMajorMemberThePlanSaysWhatToDeclare() {
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () ->
                new MajorUpgradeStrategy()
                    .plan(
                        Fixtures.pooledPair(2000),
                        Fixtures.pooledPairFacts(),
                        new Goal(Version.parse("17"), Map.of())));
    assertTrue(e.getMessage().contains("with upgradeOf"), e.getMessage());
  }

  @Test
  void theRollbackIsTheSameCutoverInReverseOnceTheOldPrimaryFollows() throws Exception {
    Facts after =
        Facts.builder("test", java.time.Instant.EPOCH)
            .add(FactKind.ROLE, "a", "primary")
            .add(FactKind.ROLE, "c", "primary")
            .add(FactKind.POINTS_AT, "pool", "c")
            .add(FactKind.PROPERTY, "a.subscribed-to", "c")
            .add(FactKind.PROPERTY, "a.read-only", "postgres")
            .build();

    Plan p = new MajorRollbackStrategy().plan(lab(), after, new Goal(null, Map.of()));

    assertEquals(
        List.of(
            "check-schema-c",
            "prepare-pool",
            "hold-pool",
            "fence-writes-c",
            "catch-up-a",
            "reverse-to-a",
            "release-pool-to-a",
            "drop-reverse-subscription-a",
            "settle-pool",
            "rollback-pool-follow-c",
            "rollback-pool-unfence-c",
            "rollback-pool-release-to-c"),
        ids(p));
    assertEquals(
        List.of("follows"),
        p.step("check-schema-c").orElseThrow().guards().stream().map(g -> g.name()).toList());
  }

  @Test
  void retiringIsThePointOfNoReturnAndRefusedWhileClientsStillReachTheOldPrimary()
      throws Exception {
    Facts after =
        Facts.builder("test", java.time.Instant.EPOCH)
            .add(FactKind.ROLE, "c", "primary")
            .add(FactKind.POINTS_AT, "pool", "a")
            .add(FactKind.PROPERTY, "a.subscribed-to", "c")
            .build();

    Plan p = new MajorRetireStrategy().plan(lab(), after, new Goal(null, Map.of()));

    assertEquals(List.of("unsubscribe-a", "stop-b", "stop-a"), ids(p));
    Step first = p.step("unsubscribe-a").orElseThrow();
    assertTrue(first.pointOfNoReturn());
    assertEquals(
        "clients still reach a through pool (reaches a); cut over to c first",
        first.guards().get(0).refusal(lab(), after).orElseThrow());
  }
}
