package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.ProductTerms.Cluster;
import dev.baton.model.ProductTerms.Database;
import dev.baton.model.ProductTerms.Dependent;
import dev.baton.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What seed 003's procedure needs from a topology, found by the component kinds its pack's {@code
 * cluster:} section names: the clustered resource, its nodes (the primary first), the dependents in
 * the order they are quiesced, and the databases to back up, with how the checklist words them.
 */
record ClusterLayout(
    Cluster parts,
    Component resource,
    Component primary,
    List<Component> others,
    List<Component> dependents,
    List<Component> databases,
    String backupSecret) {

  /** The resource property naming the secret that protects the master secret's backup file. */
  static final String BACKUP_SECRET = "backupPasswordSecret";

  ClusterLayout {
    others = List.copyOf(others);
    dependents = List.copyOf(dependents);
    databases = List.copyOf(databases);
  }

  /** The primary first, then the others. */
  List<Component> nodes() {
    List<Component> all = new ArrayList<>(List.of(primary));
    all.addAll(others);
    return all;
  }

  /** How the checklist words the dependent {@code c}. */
  Dependent dependent(Component c) {
    return parts.dependent(c.kind());
  }

  /** How the checklist words the backup of the database {@code c}. */
  Database database(Component c) {
    return parts.database(c.kind());
  }

  static ClusterLayout of(Topology t, Facts facts, String chosenPrimary) throws PlanningException {
    Cluster parts = parts(t);
    List<Component> resources = ofKind(t, parts.resource());
    if (resources.size() != 1) {
      throw new PlanningException(
          "uncluster needs exactly one component of kind "
              + parts.resource()
              + "; "
              + t.system()
              + " has "
              + resources.size());
    }
    Component resource = resources.get(0);
    List<Component> nodes = ofKind(t, parts.nodes());
    if (nodes.size() < 2) {
      throw new PlanningException(
          "uncluster needs at least two cluster nodes of kind "
              + parts.nodes()
              + "; "
              + t.system()
              + " has "
              + nodes.size());
    }
    Component primary = primary(nodes, facts, chosenPrimary, parts.nodes());
    List<Component> others = nodes.stream().filter(n -> n != primary).toList();
    List<Component> dependents = new ArrayList<>();
    for (Dependent d : parts.dependents()) {
      dependents.addAll(ofKind(t, d.kind()));
    }
    List<Component> databases = new ArrayList<>();
    for (Database d : parts.databases()) {
      List<Component> found = ofKind(t, d.kind());
      if (d.required() && found.isEmpty()) {
        throw new PlanningException(
            "uncluster needs "
                + d.name()
                + " (a component of kind "
                + d.kind()
                + ") to back it up");
      }
      databases.addAll(found);
    }
    return new ClusterLayout(
        parts, resource, primary, others, dependents, databases, backupSecret(t, resource));
  }

  // The kinds are the product's, so they come from its pack, never from here.
  private static Cluster parts(Topology t) throws PlanningException {
    Optional<Cluster> parts = t.terms().cluster();
    if (parts.isEmpty()) {
      throw new PlanningException(
          "uncluster finds the clustered resource, its nodes and dependents by the kinds its"
              + " pack's cluster: section names; "
              + withoutParts(t));
    }
    return parts.get();
  }

  private static String withoutParts(Topology t) {
    if (t.pack() == null || t.pack().isBlank()) {
      return t.system() + " names no pack";
    } else if (t.terms().pack().isEmpty()) {
      return "pack " + t.pack() + " is not loaded";
    }
    return "pack " + t.pack() + " has no cluster: section";
  }

  private static List<Component> ofKind(Topology t, String kind) {
    return t.components().stream().filter(c -> kind.equals(c.kind())).toList();
  }

  // The node the operator chose, else the one observed active, else the one declared active: the
  // primary becomes the stand-alone master while the cluster is apart.
  private static Component primary(
      List<Component> nodes, Facts facts, String chosen, String nodeKind) throws PlanningException {
    if (chosen != null) {
      return nodes.stream()
          .filter(c -> c.name().equals(chosen))
          .findFirst()
          .orElseThrow(
              () -> new PlanningException(chosen + " is not a cluster node of kind " + nodeKind));
    }
    Optional<Component> observed =
        nodes.stream()
            .filter(c -> facts.role(c.name()).map("active"::equals).orElse(false))
            .findFirst();
    if (observed.isPresent()) {
      return observed.get();
    }
    return nodes.stream()
        .filter(c -> "active".equals(c.declaredRole()))
        .findFirst()
        .orElse(nodes.get(0));
  }

  private static String backupSecret(Topology t, Component resource) throws PlanningException {
    String name = resource.properties().get(BACKUP_SECRET);
    if (name == null || name.isBlank()) {
      throw new PlanningException(
          resource.name()
              + " needs the property "
              + BACKUP_SECRET
              + " naming the secret that protects the master secret's backup");
    }
    if (t.secrets().stream().noneMatch(s -> s.name().equals(name))) {
      throw new PlanningException(
          resource.name()
              + "."
              + BACKUP_SECRET
              + " names secret "
              + name
              + ", which the topology lacks");
    }
    return name;
  }
}
