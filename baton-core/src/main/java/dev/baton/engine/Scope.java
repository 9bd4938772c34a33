package dev.baton.engine;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.plan.Step;
import java.util.List;

/**
 * The part of a system one step observes: what its action, undo, goal, verification and guards
 * name, and what sits next to them (ADR 0025). Every role group and exclusive service group it
 * touches is whole, so the invariants can be checked on it alone. A driver that can observe part of
 * a system reads only this; one that cannot reads all of it.
 */
public final class Scope {

  private static final Scope WHOLE = new Scope(true, List.of(), List.of(), List.of(), List.of());

  private final boolean whole;
  private final List<Node> nodes;
  private final List<Component> components;
  private final List<ReplicationLink> links;
  private final List<EntryPoint> entryPoints;

  Scope(
      boolean whole,
      List<Node> nodes,
      List<Component> components,
      List<ReplicationLink> links,
      List<EntryPoint> entryPoints) {
    this.whole = whole;
    this.nodes = List.copyOf(nodes);
    this.components = List.copyOf(components);
    this.links = List.copyOf(links);
    this.entryPoints = List.copyOf(entryPoints);
  }

  /** The whole system: what a step observes when it cannot name its parts. */
  public static Scope whole() {
    return WHOLE;
  }

  /** The scope of {@code step}: the parts it names and their neighbourhood. */
  public static Scope of(TopologyIndex index, Step step) {
    return Neighbourhood.of(index, step);
  }

  /**
   * The parts named (components, nodes, links, entry points, or a property's subject) and their
   * neighbourhood, as a step naming them would observe; the whole system if one is unknown.
   */
  public static Scope around(TopologyIndex index, String... names) {
    return Neighbourhood.around(index, List.of(names));
  }

  public boolean isWhole() {
    return whole;
  }

  /** The nodes to observe in {@code topology}. */
  public List<Node> nodes(Topology topology) {
    return whole ? topology.nodes() : nodes;
  }

  /** The components to observe in {@code topology}, in declaration order. */
  public List<Component> components(Topology topology) {
    return whole ? topology.components() : components;
  }

  /** The replication links to observe in {@code topology}. */
  public List<ReplicationLink> links(Topology topology) {
    return whole ? topology.links() : links;
  }

  /** The entry points to observe in {@code topology}. */
  public List<EntryPoint> entryPoints(Topology topology) {
    return whole ? topology.entryPoints() : entryPoints;
  }

  /** How many parts (nodes, components, links, entry points) of {@code topology} it covers. */
  public int size(Topology topology) {
    return nodes(topology).size()
        + components(topology).size()
        + links(topology).size()
        + entryPoints(topology).size();
  }

  /**
   * {@code topology} cut down to this scope, for the invariants: its role groups and exclusive
   * groups are whole, so a rule over them sees every member.
   */
  public Topology within(Topology topology) {
    if (whole) {
      return topology;
    }
    return new Topology(
        topology.system(),
        topology.pack(),
        topology.driver(),
        topology.roleModel(),
        topology.sides(),
        nodes,
        components,
        links,
        entryPoints,
        topology.secrets(),
        topology.sim(),
        topology.terms());
  }

  /**
   * This scope with the components its entry points were observed pointing at, when one points
   * outside it; else this scope. An entry point may point elsewhere than the topology declares, and
   * a rule about it must see the component it points at now.
   */
  Scope withTargetsOf(Facts facts, TopologyIndex index) {
    if (whole) {
      return this;
    }
    List<String> outside =
        entryPoints.stream()
            .map(e -> facts.pointsAt(e.name()).orElse(null))
            .filter(c -> c != null && index.component(c).isPresent())
            .filter(c -> components.stream().noneMatch(x -> x.name().equals(c)))
            .toList();
    return outside.isEmpty() ? this : Neighbourhood.widen(index, this, outside);
  }

  /** Whether this scope holds every part of {@code other}: facts of this one serve for it. */
  boolean covers(Scope other) {
    if (whole) {
      return true;
    }
    return !other.whole
        && nodes.containsAll(other.nodes)
        && components.containsAll(other.components)
        && links.containsAll(other.links)
        && entryPoints.containsAll(other.entryPoints);
  }

  @Override
  public String toString() {
    if (whole) {
      return "the whole system";
    }
    return nodes.size()
        + " node(s), "
        + components.size()
        + " component(s), "
        + links.size()
        + " link(s), "
        + entryPoints.size()
        + " entry point(s)";
  }
}
