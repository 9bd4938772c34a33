package dev.baton.drivers.sim;

import dev.baton.engine.Scope;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import java.time.Instant;
import java.util.Collection;

/**
 * Turns a simulated system's state into the facts a real driver would observe, for the parts of the
 * system a scope covers.
 */
final class SimObserver {

  private final Topology topology;
  private final SimState state;
  private final Facts.Builder facts;

  SimObserver(Topology topology, SimState state, Instant now) {
    this.topology = topology;
    this.state = state;
    this.facts = Facts.builder("sim", now);
  }

  /** The facts of the parts {@code scope} covers, the secrets' and the actions' asked about. */
  Facts observe(
      Scope scope, Collection<String> actionKeys, java.util.Map<String, String> fingerprints) {
    for (Node n : scope.nodes(topology)) {
      facts.add(FactKind.REACHABLE, n.name(), state.reachable(n.name()));
      if (state.reachable(n.name())) {
        state
            .nodeProperties(n.name())
            .forEach((k, v) -> facts.add(FactKind.PROPERTY, n.name() + "." + k, v));
      }
    }
    fingerprints.forEach(
        (name, fp) ->
            facts.add(FactKind.PROPERTY, dev.baton.model.SecretFingerprints.factSubject(name), fp));
    for (Component c : scope.components(topology)) {
      // A down node answers nothing, so its components have no facts at all.
      if (state.reachable(c.node())) {
        component(c.name(), state.component(c.name()));
      }
    }
    for (ReplicationLink l : scope.links(topology)) {
      SimLink link = state.link(l.name());
      facts.add(FactKind.LINK, l.key(), link.state());
      facts.add(FactKind.LAG_BYTES, l.key(), link.lagBytes());
      link.removedAt()
          .ifPresent(at -> facts.add(FactKind.PROPERTY, Property.REMOVED_AT.of(l.key()), at));
    }
    for (EntryPoint e : scope.entryPoints(topology)) {
      state.pointsAt(e.name()).ifPresent(to -> facts.add(FactKind.POINTS_AT, e.name(), to));
    }
    for (String key : actionKeys) {
      facts.add(FactKind.APPLIED, key, state.applied(key));
    }
    return facts.build();
  }

  private void component(String name, SimComponent c) {
    facts.add(FactKind.SERVICE, name, c.service());
    // Uninstalled software answers no version probe.
    if (c.installed() && c.version() != null) {
      facts.add(FactKind.VERSION, name, c.version());
    }
    facts.add(FactKind.PROPERTY, Property.INSTALLED.of(name), c.installed() ? "yes" : "no");
    c.properties().forEach((k, v) -> facts.add(FactKind.PROPERTY, name + "." + k, v));
    if (!c.changes().isEmpty()) {
      facts.add(FactKind.PROPERTY, Property.SPLIT_CHANGES.of(name), String.join("; ", c.changes()));
    }
    facts.add(FactKind.SESSIONS, name, c.sessions());
    facts.add(FactKind.TRANSITORY_SESSIONS, name, c.transitorySessions());
    facts.add(FactKind.DRAINED, name, c.drained());
    facts.add(FactKind.PROPERTY, Property.FREE_BYTES.of(name), String.valueOf(c.freeBytes()));
    facts.add(FactKind.PROPERTY, Property.LOG_BYTES.of(name), String.valueOf(c.logBytes()));
    facts.add(FactKind.PROPERTY, Property.DATA_BYTES.of(name), String.valueOf(c.dataBytes()));
    facts.add(FactKind.PROPERTY, Property.INTEGRITY.of(name), c.integrity());
    c.backup().ifPresent(label -> facts.add(FactKind.BACKUP, name, label));
    c.lastBackupWarnings()
        .ifPresent(w -> facts.add(FactKind.PROPERTY, Property.BACKUP_WARNINGS.of(name), w));
    c.ports().ifPresent(p -> facts.add(FactKind.PROPERTY, Property.PORTS.of(name), p));
    // A stopped service cannot say what role it holds.
    if (c.running()) {
      c.role().ifPresent(role -> facts.add(FactKind.ROLE, name, role));
    }
  }
}
