package dev.baton.testing;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.Redirection;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.model.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small hand-built topologies and facts for core tests. */
public final class Fixtures {
  private Fixtures() {}

  /** An active/standby pair a (active) and b (standby) at 1.0 with one link and entry point. */
  public static Topology pair() {
    return new Topology(
        "csm-prod",
        "copy-services-manager",
        "sim",
        "active-standby",
        List.of(new Side("A", 1), new Side("B", 2)),
        List.of(
            new Node("node-a", "A", Transport.LOCAL, "", 0, ""),
            new Node("node-b", "B", Transport.LOCAL, "", 0, "")),
        List.of(component("a", "node-a", "active", 1), component("b", "node-b", "standby", 2)),
        List.of(new ReplicationLink("ha", "a", "b", "ha", false, 1)),
        List.of(new EntryPoint("csm.example", "a", Redirection.DNS)),
        List.of(),
        Map.of());
  }

  /**
   * A primary/replica pair a (primary) and b (replica) whose clients reach it through a pooler,
   * entry point {@code pool}, with a pause budget of {@code budgetMs}.
   */
  public static Topology pooledPair(long budgetMs) {
    return new Topology(
        "pg-pooled",
        "",
        "postgresql",
        "primary-replica",
        List.of(new Side("A", 1), new Side("B", 2)),
        List.of(
            new Node("node-a", "A", Transport.LOCAL, "", 0, ""),
            new Node("node-b", "B", Transport.LOCAL, "", 0, "")),
        List.of(
            new Component(
                "a", "node-a", "postgresql", Version.parse("15.8"), "pg", "primary", 1, Map.of()),
            new Component(
                "b", "node-b", "postgresql", Version.parse("15.8"), "pg", "replica", 2, Map.of())),
        List.of(new ReplicationLink("stream", "a", "b", "streaming", false, 1)),
        List.of(
            new EntryPoint(
                "pool",
                "a",
                Redirection.POOLER,
                Map.of(EntryPoint.PAUSE_BUDGET_MS, Long.toString(budgetMs)))),
        List.of(),
        Map.of());
  }

  /** Facts of {@link #pooledPair}: a primary, b a synced replica, the pooler on a, not paused. */
  public static Facts pooledPairFacts() {
    return Facts.builder("test", Instant.EPOCH)
        .add(FactKind.REACHABLE, "node-a", true)
        .add(FactKind.REACHABLE, "node-b", true)
        .add(FactKind.ROLE, "a", "primary")
        .add(FactKind.ROLE, "b", "replica")
        .add(FactKind.VERSION, "a", Version.parse("15.8"))
        .add(FactKind.VERSION, "b", Version.parse("15.8"))
        .add(FactKind.SERVICE, "a", ServiceState.RUNNING)
        .add(FactKind.SERVICE, "b", ServiceState.RUNNING)
        .add(FactKind.LINK, "stream", LinkState.SYNCED)
        .add(FactKind.LAG_BYTES, "stream", 0L)
        .add(FactKind.POINTS_AT, "pool", "a")
        .add(FactKind.PROPERTY, "pool.paused", "false")
        .add(FactKind.PROPERTY, "pool.pool-mode", "transaction")
        .add(FactKind.PROPERTY, "pool.query-wait-timeout-ms", "10000")
        .build();
  }

  public static Component component(String name, String node, String role, int order) {
    return new Component(name, node, "server", Version.parse("1.0"), "csm", role, order, Map.of());
  }

  /** Facts of a healthy pair: a active, b standby, synced, both at 1.0, entry point on a. */
  public static Facts healthyPair() {
    return Facts.builder("test", Instant.EPOCH)
        .add(FactKind.REACHABLE, "node-a", true)
        .add(FactKind.REACHABLE, "node-b", true)
        .add(FactKind.ROLE, "a", "active")
        .add(FactKind.ROLE, "b", "standby")
        .add(FactKind.VERSION, "a", Version.parse("1.0"))
        .add(FactKind.VERSION, "b", Version.parse("1.0"))
        .add(FactKind.SERVICE, "a", ServiceState.RUNNING)
        .add(FactKind.SERVICE, "b", ServiceState.RUNNING)
        .add(FactKind.TRANSITORY_SESSIONS, "a", 0)
        .add(FactKind.TRANSITORY_SESSIONS, "b", 0)
        .add(FactKind.LINK, "ha", LinkState.SYNCED)
        .add(FactKind.LAG_BYTES, "ha", 0L)
        .add(FactKind.POINTS_AT, "csm.example", "a")
        .build();
  }

  /**
   * A system of {@code n} nodes with one component each, paired by a link per pair, as the engine
   * bench generates them: no role groups, version 1.0, components upgraded 100 at a time.
   */
  public static Topology generated(int n) {
    List<Node> nodes = new ArrayList<>();
    List<Component> components = new ArrayList<>();
    List<ReplicationLink> links = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(new Node("n" + i, i % 2 == 0 ? "A" : "B", Transport.LOCAL, "", 0, ""));
      components.add(
          new Component(
              "c" + i, "n" + i, "server", Version.parse("1.0"), null, null, 1 + i / 100, Map.of()));
    }
    for (int i = 0; i + 1 < n; i += 2) {
      links.add(new ReplicationLink("l" + i, "c" + i, "c" + (i + 1), "streaming", false, i + 1));
    }
    return new Topology(
        "generated",
        "",
        "sim",
        "active-standby",
        List.of(new Side("A", 1), new Side("B", 2)),
        nodes,
        components,
        links,
        List.of(),
        List.of(),
        Map.of());
  }
}
