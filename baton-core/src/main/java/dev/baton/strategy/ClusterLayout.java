package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What seed 003's procedure needs from a topology, found by component kind: the clustered resource,
 * its nodes (the primary first), the dependents in the order they are quiesced, and the databases
 * to back up. The kinds are the {@code entsso} pack's vocabulary.
 */
record ClusterLayout(
    Component resource,
    Component primary,
    List<Component> others,
    List<Component> dependents,
    List<Component> databases,
    String backupSecret) {

  static final String RESOURCE = "cluster-resource";
  static final String NODE = "entsso-mss";
  static final String HOST = "biztalk-host";
  static final String RULES = "rule-engine";
  static final String SLAVE = "sso-slave";
  static final String JOBS = "sql-agent-jobs";
  static final String SSO_DB = "sso-db";
  static final String BIZTALK_DBS = "biztalk-dbs";

  /** The resource property naming the secret that protects the master secret's backup file. */
  static final String BACKUP_SECRET = "backupPasswordSecret";

  /** Seed 003's quiesce order: host instances, rule engine, slaves, then the maintenance jobs. */
  private static final List<String> DEPENDENT_ORDER = List.of(HOST, RULES, SLAVE, JOBS);

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

  static ClusterLayout of(Topology t, Facts facts, String chosenPrimary) throws PlanningException {
    List<Component> resources = ofKind(t, RESOURCE);
    if (resources.size() != 1) {
      throw new PlanningException(
          "uncluster needs exactly one component of kind "
              + RESOURCE
              + "; "
              + t.system()
              + " has "
              + resources.size());
    }
    Component resource = resources.get(0);
    List<Component> nodes = ofKind(t, NODE);
    if (nodes.size() < 2) {
      throw new PlanningException(
          "uncluster needs at least two cluster nodes of kind "
              + NODE
              + "; "
              + t.system()
              + " has "
              + nodes.size());
    }
    Component primary = primary(nodes, facts, chosenPrimary);
    List<Component> others = nodes.stream().filter(n -> n != primary).toList();
    List<Component> dependents = new ArrayList<>();
    for (String kind : DEPENDENT_ORDER) {
      dependents.addAll(ofKind(t, kind));
    }
    List<Component> databases = new ArrayList<>(ofKind(t, SSO_DB));
    if (databases.isEmpty()) {
      throw new PlanningException(
          "uncluster needs the SSO database (a component of kind " + SSO_DB + ") to back it up");
    }
    databases.addAll(ofKind(t, BIZTALK_DBS));
    return new ClusterLayout(
        resource, primary, others, dependents, databases, backupSecret(t, resource));
  }

  private static List<Component> ofKind(Topology t, String kind) {
    return t.components().stream().filter(c -> kind.equals(c.kind())).toList();
  }

  // The node the operator chose, else the one observed active, else the one declared active: the
  // primary becomes the stand-alone master while the cluster is apart.
  private static Component primary(List<Component> nodes, Facts facts, String chosen)
      throws PlanningException {
    if (chosen != null) {
      return nodes.stream()
          .filter(c -> c.name().equals(chosen))
          .findFirst()
          .orElseThrow(
              () -> new PlanningException(chosen + " is not a cluster node of kind " + NODE));
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
