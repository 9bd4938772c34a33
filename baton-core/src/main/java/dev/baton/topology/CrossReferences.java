package dev.baton.topology;

import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks that the names in a topology refer to each other correctly and that the declared roles fit
 * the role model; each error is placed at the value that is wrong.
 */
final class CrossReferences {

  private final Topology t;
  private final ErrorList errors;

  private CrossReferences(Topology t, ErrorList errors) {
    this.t = t;
    this.errors = errors;
  }

  static void check(Topology topology, ErrorList errors) {
    CrossReferences c = new CrossReferences(topology, errors);
    c.uniqueNames();
    c.nodes();
    c.components();
    c.links();
    c.entryPoints();
    c.sim();
    RoleModel.named(topology.roleModel()).ifPresentOrElse(c::roles, c::unknownRoleModel);
  }

  private void uniqueNames() {
    unique("sides", "sides", t.sides(), Side::name);
    unique("nodes", "nodes", t.nodes(), Node::name);
    unique("components", "components", t.components(), Component::name);
    unique("replication", "replication links", t.links(), ReplicationLink::name);
    unique("entryPoints", "entry points", t.entryPoints(), EntryPoint::name);
  }

  private <T> void unique(String section, String noun, List<T> items, Function<T, String> name) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String repeated = name.apply(items.get(i));
      Integer earlier = first.putIfAbsent(repeated, i);
      if (earlier != null) {
        String firstAt = errors.position("/" + section + "/" + earlier + "/name");
        errors.at(
            "/" + section + "/" + i + "/name",
            "two %s are named %s (first at %s)".formatted(noun, repeated, firstAt));
      }
    }
  }

  private void nodes() {
    List<String> sides = t.sides().stream().map(Side::name).toList();
    for (int i = 0; i < t.nodes().size(); i++) {
      Node n = t.nodes().get(i);
      if (!sides.contains(n.side())) {
        errors.at("/nodes/" + i + "/side", undeclared("node " + n.name(), "side", n.side(), sides));
      }
      if (n.transport() == Transport.SSH && (n.host() == null || n.host().isBlank())) {
        errors.at("/nodes/" + i + "/transport", "node " + n.name() + " uses ssh but has no host");
      }
    }
  }

  private void components() {
    List<String> nodes = t.nodes().stream().map(Node::name).toList();
    for (int i = 0; i < t.components().size(); i++) {
      Component c = t.components().get(i);
      if (!nodes.contains(c.node())) {
        errors.at(
            "/components/" + i + "/node",
            undeclared("component " + c.name(), "node", c.node(), nodes));
      }
    }
  }

  private void links() {
    for (int i = 0; i < t.links().size(); i++) {
      ReplicationLink l = t.links().get(i);
      String subject = "replication link " + l.name();
      knownComponent("/replication/" + i + "/from", subject, l.from());
      knownComponent("/replication/" + i + "/to", subject, l.to());
      if (l.from().equals(l.to())) {
        errors.at("/replication/" + i + "/to", subject + " goes from " + l.from() + " to itself");
      }
    }
  }

  private void entryPoints() {
    for (int i = 0; i < t.entryPoints().size(); i++) {
      EntryPoint e = t.entryPoints().get(i);
      knownComponent("/entryPoints/" + i + "/pointsAt", "entry point " + e.name(), e.pointsAt());
      pauseBudget(i, e);
    }
  }

  private void pauseBudget(int i, EntryPoint e) {
    String ms = e.properties().get(EntryPoint.PAUSE_BUDGET_MS);
    if (ms == null) {
      return;
    }
    String pointer = "/entryPoints/" + i + "/properties/" + EntryPoint.PAUSE_BUDGET_MS;
    if (!e.redirection().holdsClients()) {
      errors.at(
          pointer,
          "entry point "
              + e.name()
              + " uses "
              + e.redirection().label()
              + " redirection, which cannot hold clients, so it has no pause budget");
      return;
    }
    long value = -1;
    try {
      value = Long.parseLong(ms.strip());
    } catch (NumberFormatException ignored) {
      // reported below with the bounds
    }
    if (value < EntryPoint.MIN_PAUSE_BUDGET_MS || value > EntryPoint.MAX_PAUSE_BUDGET_MS) {
      errors.at(
          pointer,
          "the pause budget of entry point "
              + e.name()
              + " must be a whole number of milliseconds from "
              + EntryPoint.MIN_PAUSE_BUDGET_MS
              + " to "
              + EntryPoint.MAX_PAUSE_BUDGET_MS
              + ", not "
              + ms);
    }
  }

  /**
   * Every name the simulator's section uses must be declared, and every injected failure must name
   * a verb and something it can act on: a typo would otherwise simulate a healthy system.
   */
  private void sim() {
    List<String> components = t.components().stream().map(Component::name).toList();
    List<String> nodes = t.nodes().stream().map(Node::name).toList();
    List<String> links = t.links().stream().map(ReplicationLink::name).toList();
    List<String> both = new ArrayList<>(components);
    both.addAll(nodes);
    simKeys("lagBytes", "replication link", links);
    for (String section :
        List.of(
            "sessions",
            "transitorySessions",
            "stuckSessions",
            "services",
            "disk",
            "splitChanges",
            "ports",
            "backupWarnings")) {
      simKeys(section, "component", components);
    }
    simKeys("properties", "component or node", both);
    simItems("nodesDown", "node", nodes);
    simItems("integrityErrors", "component", components);
    simItems("resetPorts", "component", components);
    failActions(components, nodes, links);
  }

  private void simKeys(String section, String noun, List<String> known) {
    if (t.sim().get(section) instanceof Map<?, ?> m) {
      for (Object key : m.keySet()) {
        if (!known.contains(String.valueOf(key))) {
          errors.atKey(
              "/sim/" + section + "/" + key,
              undeclared("sim." + section, noun, String.valueOf(key), known));
        }
      }
    }
  }

  private void simItems(String section, String noun, List<String> known) {
    if (t.sim().get(section) instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        String name = String.valueOf(l.get(i));
        if (!known.contains(name)) {
          errors.at("/sim/" + section + "/" + i, undeclared("sim." + section, noun, name, known));
        }
      }
    }
  }

  private void failActions(List<String> components, List<String> nodes, List<String> links) {
    if (!(t.sim().get("failActions") instanceof List<?> l)) {
      return;
    }
    List<String> entryPoints = t.entryPoints().stream().map(EntryPoint::name).toList();
    for (int i = 0; i < l.size(); i++) {
      String[] parts = String.valueOf(l.get(i)).split(" ", 2);
      String pointer = "/sim/failActions/" + i;
      java.util.Optional<Verb> verb = Verb.parse(parts[0]);
      if (verb.isEmpty()) {
        errors.at(
            pointer,
            "sim.failActions names the verb '%s', which Baton does not know; verbs: %s"
                .formatted(
                    parts[0],
                    String.join(
                        ", ", java.util.Arrays.stream(Verb.values()).map(Verb::label).toList())));
        continue;
      }
      List<String> targets =
          switch (verb.get().target()) {
            case COMPONENT -> components;
            case LINK -> links;
            case ENTRY_POINT -> entryPoints;
            case NODE -> nodes;
            case ANY -> {
              List<String> all = new ArrayList<>(components);
              all.addAll(nodes);
              all.addAll(links);
              all.addAll(entryPoints);
              yield all;
            }
          };
      String target = parts.length > 1 ? parts[1] : "";
      if (!targets.contains(target)) {
        errors.at(
            pointer,
            undeclared(
                "sim.failActions " + verb.get(),
                verb.get().target().description(),
                target,
                targets));
      }
    }
  }

  private void knownComponent(String pointer, String subject, String name) {
    List<String> names = t.components().stream().map(Component::name).toList();
    if (!names.contains(name)) {
      errors.at(pointer, undeclared(subject, "component", name, names));
    }
  }

  private void unknownRoleModel() {
    String known = String.join(", ", RoleModel.names());
    errors.at(
        "/roleModel",
        "roleModel '%s' is not known; known role models: %s".formatted(t.roleModel(), known));
  }

  private void roles(RoleModel model) {
    Set<String> roles = new TreeSet<>(model.activeRoles());
    roles.addAll(model.passiveRoles());
    Map<String, List<Integer>> activesByGroup = new LinkedHashMap<>();
    for (int i = 0; i < t.components().size(); i++) {
      Component c = t.components().get(i);
      if (c.declaredRole() != null && !roles.contains(c.declaredRole())) {
        errors.at(
            "/components/" + i + "/role",
            "component %s declares role '%s', which role model %s does not have; its roles: %s"
                .formatted(c.name(), c.declaredRole(), model.name(), String.join(", ", roles)));
      } else if (model.isActive(c.declaredRole()) && c.roleGroup() != null) {
        activesByGroup.computeIfAbsent(c.roleGroup(), g -> new ArrayList<>()).add(i);
      }
    }
    activesByGroup.forEach((group, actives) -> tooManyActives(model, group, actives));
  }

  private void tooManyActives(RoleModel model, String group, List<Integer> actives) {
    if (actives.size() <= model.maxActive()) {
      return;
    }
    List<String> names = actives.stream().map(i -> t.components().get(i).name()).toList();
    errors.at(
        "/components/" + actives.get(model.maxActive()) + "/role",
        "role group %s has %d components declared %s (%s); role model %s allows at most %d"
            .formatted(
                group,
                actives.size(),
                model.activeRole(),
                String.join(", ", names),
                model.name(),
                model.maxActive()));
  }

  private static String undeclared(String subject, String noun, String name, List<String> known) {
    String declared =
        known.isEmpty() ? "none" : String.join(", ", known.stream().distinct().toList());
    return "%s names %s '%s', which is not declared; declared %ss: %s"
        .formatted(subject, noun, name, noun, declared);
  }
}
