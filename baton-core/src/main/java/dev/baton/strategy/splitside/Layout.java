package dev.baton.strategy.splitside;

import dev.baton.model.Component;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.strategy.PlanningException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A two-sided system as split-side plans it, read once from the topology: side A (upgraded first)
 * and side B, the replication links in their documented order, and the hosts entries that pin each
 * node's failover connections to its own side.
 *
 * @param components every component in declaration order
 * @param pins the nodes of both sides, A's first, that need hosts entries while split
 */
record Layout(
    String system,
    Version to,
    SideParts a,
    SideParts b,
    List<ReplicationLink> links,
    List<Component> components,
    List<Pin> pins,
    ProductWords words) {

  /**
   * One side's parts: its components in component order, split into the replicated databases (the
   * ends of the links, which stay online) and the services (everything else), and its nodes.
   */
  record SideParts(
      String name,
      List<Component> components,
      List<Component> databases,
      List<Component> services,
      List<Node> nodes) {

    /** The first replicated database of the side: where its checks and changes are read. */
    Component primaryDatabase() {
      if (databases.isEmpty()) {
        throw new IllegalStateException("side " + name + " has no replicated database");
      }
      return databases.get(0);
    }

    /**
     * The services the upgrade installs: all but those declared without a version, such as a side's
     * PgBouncer, which are only stopped and started around the side's upgrade.
     */
    List<Component> installed() {
      return services.stream().filter(c -> c.version() != null).toList();
    }

    /** The side's name as it appears inside step ids. */
    String id() {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  /** The hosts entries ({@code host=address,...}) that keep one node's failover on its side. */
  record Pin(Node node, String entries) {}

  /** The layout of a topology with exactly two sides that have components, and some replication. */
  static Layout of(Topology t, Version to) throws PlanningException {
    List<Side> sides =
        t.sidesInOrder().stream().filter(s -> !t.componentsOnSide(s.name()).isEmpty()).toList();
    if (sides.size() != 2) {
      throw new PlanningException(
          "split-side needs exactly two sides with components; "
              + t.system()
              + " has "
              + sides.size()
              + "; use full-stop");
    }
    List<ReplicationLink> links = new ArrayList<>(t.links());
    links.sort(Comparator.comparingInt(ReplicationLink::order));
    if (links.isEmpty()) {
      throw new PlanningException(
          "split-side splits the replication between the sides, but "
              + t.system()
              + " declares none; use primary-first or full-stop");
    }
    Set<String> databases = new TreeSet<>();
    for (ReplicationLink l : links) {
      databases.add(l.from());
      databases.add(l.to());
    }
    SideParts a = parts(t, sides.get(0).name(), databases);
    SideParts b = parts(t, sides.get(1).name(), databases);
    return new Layout(
        t.system(), to, a, b, links, t.components(), pins(t, a, b), ProductWords.of(t.terms()));
  }

  private static SideParts parts(Topology t, String side, Set<String> databases) {
    List<Component> on = new ArrayList<>(t.componentsOnSide(side));
    on.sort(Comparator.comparingInt(Component::order));
    return new SideParts(
        side,
        List.copyOf(on),
        on.stream().filter(c -> databases.contains(c.name())).toList(),
        on.stream().filter(c -> !databases.contains(c.name())).toList(),
        t.nodes().stream().filter(n -> n.side().equals(side)).toList());
  }

  ReplicationLink firstLink() {
    return links.get(0);
  }

  ReplicationLink lastLink() {
    return links.get(links.size() - 1);
  }

  /** The link's place in the documented order of removal, in words. */
  String ordinal(ReplicationLink l) {
    int i = links.indexOf(l) + 1;
    return i == 1 ? "first" : i == 2 ? "second" : i + "th";
  }

  /** The end of the link that lives on side A, whose data replaces the other's. */
  String winner(ReplicationLink l) {
    return a.components().stream().anyMatch(c -> c.name().equals(l.from())) ? l.from() : l.to();
  }

  /** The database at the other end of the link that replicates {@code db}. */
  Component counterpartDatabase(Component db) {
    for (ReplicationLink l : links) {
      if (l.to().equals(db.name())) {
        return database(l.from());
      }
      if (l.from().equals(db.name())) {
        return database(l.to());
      }
    }
    throw new IllegalStateException(db.name() + " is not replicated");
  }

  private Component database(String name) {
    return components.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no component named " + name));
  }

  // ---- failover pins, read from the topology once ----

  private static List<Pin> pins(Topology t, SideParts a, SideParts b) {
    List<Pin> pins = new ArrayList<>();
    for (SideParts side : List.of(a, b)) {
      SideParts other = side == a ? b : a;
      for (Node n : side.nodes()) {
        String entries =
            entries(t, n, side, other).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        if (!entries.isEmpty()) {
          pins.add(new Pin(n, entries));
        }
      }
    }
    return List.copyOf(pins);
  }

  /**
   * Each node of the other side is named with the address of its counterpart on this node's side,
   * or loopback for this node itself.
   */
  private static Map<String, String> entries(Topology t, Node n, SideParts side, SideParts other) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (Node o : other.nodes()) {
      counterpartNode(t, o, side.nodes())
          .ifPresent(
              m -> entries.put(hostName(o), m.name().equals(n.name()) ? "127.0.0.1" : hostName(m)));
    }
    return entries;
  }

  private static String hostName(Node n) {
    return n.host() == null || n.host().isBlank() ? n.name() : n.host();
  }

  /** The node among {@code candidates} whose first component has the kind of {@code o}'s first. */
  private static Optional<Node> counterpartNode(Topology t, Node o, List<Node> candidates) {
    Optional<String> kind = firstComponent(t, o).map(Component::kind);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    return candidates.stream()
        .filter(n -> firstComponent(t, n).map(Component::kind).equals(kind))
        .findFirst();
  }

  private static Optional<Component> firstComponent(Topology t, Node n) {
    return t.components().stream()
        .filter(c -> c.node().equals(n.name()))
        .min(Comparator.comparingInt(Component::order));
  }
}
