package dev.baton.engine;

import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.plan.Action;
import dev.baton.plan.Guard;
import dev.baton.plan.Step;
import dev.baton.plan.Subjects;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives a step's {@link Scope}: the parts it names, then what sits next to them. The rules, in
 * order: an entry point brings the component it points at; a component brings its whole role group
 * and exclusive service group; a component brings its links, and a link both its ends (whose groups
 * come whole too, but not their further links); every component brings its node and the entry
 * points declared at it. A name that matches no part makes the scope the whole system.
 */
final class Neighbourhood {

  private final TopologyIndex index;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Component> components = new LinkedHashMap<>();
  private final Map<String, ReplicationLink> links = new LinkedHashMap<>();
  private final Map<String, EntryPoint> entryPoints = new LinkedHashMap<>();

  private Neighbourhood(TopologyIndex index) {
    this.index = index;
  }

  static Scope of(TopologyIndex index, Step step) {
    Subjects named = step.goal().subjects().and(step.verify().subjects());
    for (Guard g : step.guards()) {
      named = named.and(g.subjects());
    }
    if (named.wholeSystem()) {
      return Scope.whole();
    }
    Neighbourhood n = new Neighbourhood(index);
    boolean known = n.addAction(step.action()) && (!step.hasUndo() || n.addAction(step.undo()));
    for (String name : named.names()) {
      known = known && n.add(name);
    }
    return known ? n.close() : Scope.whole();
  }

  static Scope around(TopologyIndex index, Collection<String> names) {
    Neighbourhood n = new Neighbourhood(index);
    for (String name : names) {
      if (!n.add(name)) {
        return Scope.whole();
      }
    }
    return n.close();
  }

  /** {@code scope} with more components, closed again by the same rules. */
  static Scope widen(TopologyIndex index, Scope scope, Collection<String> components) {
    Neighbourhood n = new Neighbourhood(index);
    scope.nodes(index.topology()).forEach(x -> n.nodes.put(x.name(), x));
    scope.components(index.topology()).forEach(x -> n.components.put(x.name(), x));
    scope.links(index.topology()).forEach(x -> n.links.put(x.name(), x));
    scope.entryPoints(index.topology()).forEach(x -> n.entryPoints.put(x.name(), x));
    components.forEach(n::add);
    return n.close();
  }

  /**
   * The action's target must be a part; parameters that name a part (a redirect's {@code to}, a
   * restore's {@code from}) join the scope, and the others (a version, a label) are not names.
   */
  private boolean addAction(Action a) {
    if (!add(a.target())) {
      return false;
    }
    a.params().values().forEach(this::addIfPart);
    return true;
  }

  /** Adds every part called {@code name}, else the part a property subject belongs to. */
  private boolean add(String name) {
    if (name == null) {
      return false;
    }
    if (addIfPart(name)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 && add(name.substring(0, dot));
  }

  private boolean addIfPart(String name) {
    boolean found = false;
    if (index.component(name).isPresent()) {
      components.put(name, index.component(name).get());
      found = true;
    }
    if (index.node(name).isPresent()) {
      nodes.put(name, index.node(name).get());
      found = true;
    }
    if (index.link(name).isPresent()) {
      links.put(name, index.link(name).get());
      found = true;
    }
    if (index.entryPoint(name).isPresent()) {
      entryPoints.put(name, index.entryPoint(name).get());
      found = true;
    }
    return found;
  }

  private Scope close() {
    for (EntryPoint e : List.copyOf(entryPoints.values())) {
      index.component(e.pointsAt()).ifPresent(c -> components.put(c.name(), c));
    }
    closeGroups();
    for (Component c : List.copyOf(components.values())) {
      index.linksOf(c.name()).forEach(l -> links.put(l.name(), l));
    }
    for (ReplicationLink l : links.values()) {
      index.component(l.from()).ifPresent(c -> components.put(c.name(), c));
      index.component(l.to()).ifPresent(c -> components.put(c.name(), c));
    }
    closeGroups();
    for (Component c : components.values()) {
      index.node(c.node()).ifPresent(n -> nodes.put(n.name(), n));
      index.entryPointsAt(c.name()).forEach(e -> entryPoints.put(e.name(), e));
    }
    return new Scope(
        false,
        sorted(nodes.values(), index.nodeOrder()),
        sorted(components.values(), index.componentOrder()),
        sorted(links.values(), index.linkOrder()),
        sorted(entryPoints.values(), index.entryPointOrder()));
  }

  /** Adds the rest of every role group and exclusive service group a component belongs to. */
  private void closeGroups() {
    Deque<Component> todo = new ArrayDeque<>(components.values());
    while (!todo.isEmpty()) {
      Component c = todo.pop();
      List<Component> peers = new ArrayList<>(index.roleGroup(c.roleGroup()));
      peers.addAll(index.exclusiveGroupOf(c));
      for (Component p : peers) {
        if (components.putIfAbsent(p.name(), p) == null) {
          todo.push(p);
        }
      }
    }
  }

  private static <T> List<T> sorted(Collection<T> parts, java.util.Comparator<T> order) {
    List<T> out = new ArrayList<>(parts);
    out.sort(order);
    return out;
  }
}
