package dev.baton.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment of one product: its sides, nodes, components, replication links, entry points and
 * secret references. Immutable; built by {@code dev.baton.topology.TopologyLoader}. For planning,
 * {@code dev.baton.pack.Packs} adds what its pack tells strategies ({@link #terms()}).
 */
public record Topology(
    String system,
    String pack,
    String driver,
    String roleModel,
    List<Side> sides,
    List<Node> nodes,
    List<Component> components,
    List<ReplicationLink> links,
    List<EntryPoint> entryPoints,
    List<SecretRef> secrets,
    Map<String, Object> sim,
    ProductTerms terms) {

  /** A topology without its pack's terms, as read from its file. */
  public Topology(
      String system,
      String pack,
      String driver,
      String roleModel,
      List<Side> sides,
      List<Node> nodes,
      List<Component> components,
      List<ReplicationLink> links,
      List<EntryPoint> entryPoints,
      List<SecretRef> secrets,
      Map<String, Object> sim) {
    this(
        system,
        pack,
        driver,
        roleModel,
        sides,
        nodes,
        components,
        links,
        entryPoints,
        secrets,
        sim,
        ProductTerms.NONE);
  }

  public Topology {
    sides = List.copyOf(sides);
    nodes = List.copyOf(nodes);
    components = List.copyOf(components);
    links = List.copyOf(links);
    entryPoints = List.copyOf(entryPoints);
    secrets = List.copyOf(secrets);
    sim = sim == null ? Map.of() : Map.copyOf(sim);
    terms = terms == null ? ProductTerms.NONE : terms;
  }

  /** This topology with what its pack tells strategies. */
  public Topology withTerms(ProductTerms productTerms) {
    return new Topology(
        system,
        pack,
        driver,
        roleModel,
        sides,
        nodes,
        components,
        links,
        entryPoints,
        secrets,
        sim,
        productTerms);
  }

  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public Optional<Component> component(String name) {
    return components.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The component named, or an {@link IllegalArgumentException} naming what is missing. */
  public Component requireComponent(String name) {
    return component(name)
        .orElseThrow(() -> new IllegalArgumentException("no component named " + name));
  }

  /** The side a component lives on, through its node. */
  public String sideOf(Component c) {
    return node(c.node()).map(Node::side).orElse("");
  }

  /** Sides in upgrade order. */
  public List<Side> sidesInOrder() {
    return sides.stream().sorted(java.util.Comparator.comparingInt(Side::order)).toList();
  }

  /** The components whose node is on {@code side}. */
  public List<Component> componentsOnSide(String side) {
    return components.stream().filter(c -> side.equals(sideOf(c))).toList();
  }

  /** The members of one role group, in declaration order. */
  public List<Component> roleGroup(String group) {
    return components.stream().filter(c -> group.equals(c.roleGroup())).toList();
  }

  /** The distinct role groups, in declaration order. */
  public List<String> roleGroups() {
    return components.stream()
        .map(Component::roleGroup)
        .filter(g -> g != null && !g.isEmpty())
        .distinct()
        .toList();
  }
}
