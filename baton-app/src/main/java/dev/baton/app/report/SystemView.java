package dev.baton.app.report;

import dev.baton.engine.Redactor;
import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A system as the console and the HTML report draw it: its sides, nodes and components with role
 * and version, replication links with state and lag, and entry points with where they point. Each
 * value is the observed one when facts have it, else the declared one, and says which.
 */
public record SystemView(
    String system,
    Instant observedAt,
    List<SideView> sides,
    List<LinkView> links,
    List<EntryView> entryPoints) {

  /** A side with its nodes, in upgrade order. */
  public record SideView(String name, int order, List<NodeView> nodes) {}

  /** A node; {@code reachable} is null when not observed. */
  public record NodeView(String name, Boolean reachable, List<ComponentView> components) {}

  /** A component; {@code observed} says whether role and version come from facts. */
  public record ComponentView(
      String name,
      String kind,
      String role,
      String version,
      String service,
      boolean observed,
      Map<String, String> properties) {}

  /** A replication link; state and lag are null when not observed. */
  public record LinkView(
      String name,
      String from,
      String to,
      String kind,
      boolean bidirectional,
      String state,
      Long lagBytes) {}

  /** An entry point and the component it points at (observed when facts have it). */
  public record EntryView(
      String name,
      String redirection,
      String pointsAt,
      boolean observed,
      Map<String, String> properties) {}

  /** The view of {@code t} with {@code facts} observed at {@code at} (empty facts: declared). */
  public static SystemView of(Topology t, Facts facts, Instant at) {
    List<SideView> sides = new ArrayList<>();
    List<Side> ordered = new ArrayList<>(t.sides());
    ordered.sort(Comparator.comparingInt(Side::order));
    for (Side s : ordered) {
      sides.add(new SideView(s.name(), s.order(), nodes(t, facts, s.name())));
    }
    List<NodeView> sideless = nodes(t, facts, null);
    if (!sideless.isEmpty()) {
      sides.add(new SideView("", Integer.MAX_VALUE, sideless));
    }
    List<LinkView> links = new ArrayList<>();
    for (ReplicationLink l : t.links()) {
      links.add(
          new LinkView(
              l.name(),
              l.from(),
              l.to(),
              l.kind(),
              l.bidirectional(),
              facts.link(l.key()).map(s -> s.label()).orElse(null),
              facts.lagBytes(l.key()).orElse(null)));
    }
    List<EntryView> entries = new ArrayList<>();
    for (EntryPoint e : t.entryPoints()) {
      String seen = facts.pointsAt(e.name()).orElse(null);
      entries.add(
          new EntryView(
              e.name(),
              e.redirection().label(),
              seen != null ? seen : e.pointsAt(),
              seen != null,
              new TreeMap<>(e.properties())));
    }
    return new SystemView(t.system(), at, sides, links, entries);
  }

  /** The same view with every name, role and property passed through {@code r}. */
  public SystemView redacted(Redactor r) {
    List<SideView> ss = new ArrayList<>();
    for (SideView s : sides) {
      List<NodeView> ns = new ArrayList<>();
      for (NodeView n : s.nodes()) {
        List<ComponentView> cs = new ArrayList<>();
        for (ComponentView c : n.components()) {
          cs.add(
              new ComponentView(
                  r.redact(c.name()),
                  r.redact(c.kind()),
                  r.redact(c.role()),
                  r.redact(c.version()),
                  c.service(),
                  c.observed(),
                  redacted(c.properties(), r)));
        }
        ns.add(new NodeView(r.redact(n.name()), n.reachable(), cs));
      }
      ss.add(new SideView(r.redact(s.name()), s.order(), ns));
    }
    List<LinkView> ls = new ArrayList<>();
    for (LinkView l : links) {
      ls.add(
          new LinkView(
              r.redact(l.name()),
              r.redact(l.from()),
              r.redact(l.to()),
              r.redact(l.kind()),
              l.bidirectional(),
              l.state(),
              l.lagBytes()));
    }
    List<EntryView> es = new ArrayList<>();
    for (EntryView e : entryPoints) {
      es.add(
          new EntryView(
              r.redact(e.name()),
              e.redirection(),
              r.redact(e.pointsAt()),
              e.observed(),
              redacted(e.properties(), r)));
    }
    return new SystemView(r.redact(system), observedAt, ss, ls, es);
  }

  private static Map<String, String> redacted(Map<String, String> m, Redactor r) {
    Map<String, String> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(r.redact(k), r.redact(v)));
    return out;
  }

  private static List<NodeView> nodes(Topology t, Facts facts, String side) {
    List<NodeView> out = new ArrayList<>();
    for (Node n : t.nodes()) {
      boolean inSide =
          side == null
              ? t.sides().stream().noneMatch(s -> s.name().equals(n.side()))
              : side.equals(n.side());
      if (!inSide) {
        continue;
      }
      List<ComponentView> cs = new ArrayList<>();
      for (Component c : t.components()) {
        if (c.node().equals(n.name())) {
          cs.add(component(c, facts));
        }
      }
      out.add(new NodeView(n.name(), facts.reachable(n.name()).orElse(null), cs));
    }
    return out;
  }

  private static ComponentView component(Component c, Facts facts) {
    String role = facts.role(c.name()).orElse(null);
    String version = facts.version(c.name()).map(v -> v.text()).orElse(null);
    return new ComponentView(
        c.name(),
        c.kind(),
        role != null ? role : c.declaredRole(),
        version != null ? version : c.version() == null ? null : c.version().text(),
        facts.service(c.name()).map(s -> s.label()).orElse(null),
        role != null || version != null,
        new TreeMap<>(c.properties()));
  }
}
