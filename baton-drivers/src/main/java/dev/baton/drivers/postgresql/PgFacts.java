package dev.baton.drivers.postgresql;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.Redirection;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import java.time.Clock;
import java.util.Map;

/** Turns server states into facts: roles, versions, replication state and lag, entry points. */
final class PgFacts {

  /**
   * A streaming standby this close behind a primary that is still writing counts as synced: under
   * load the replay position is never exactly the write position. Guards still read the exact lag,
   * and a promote needs 0 bytes behind the fenced primary's shutdown checkpoint.
   */
  static final long IN_FLIGHT = 64 * 1024;

  private final Clock clock;

  PgFacts(Clock clock) {
    this.clock = clock;
  }

  Facts of(Topology t, Map<String, PgState> states, Map<String, String> backups) {
    return of(t, states, backups, Map.of());
  }

  /** {@code unreachable}: the nodes that could not be observed, with why. */
  Facts of(
      Topology t,
      Map<String, PgState> states,
      Map<String, String> backups,
      Map<String, String> unreachable) {
    Facts.Builder f = Facts.builder("postgresql", clock.instant());
    for (Node n : t.nodes()) {
      f.add(FactKind.REACHABLE, n.name(), !unreachable.containsKey(n.name()));
    }
    unreachable.forEach((n, why) -> f.add(FactKind.PROPERTY, Property.UNREACHABLE.of(n), why));
    for (dev.baton.model.Component c : t.components()) {
      if (unreachable.containsKey(c.node()) && !states.containsKey(c.name())) {
        f.add(
            FactKind.PROPERTY,
            Property.STATE.of(c.name()),
            "not observed: node "
                + c.node()
                + " cannot be reached ("
                + unreachable.get(c.node())
                + ")");
      }
    }
    states.values().forEach(s -> server(f, s));
    backups.forEach((c, label) -> f.add(FactKind.BACKUP, c, label));
    for (ReplicationLink l : t.links()) {
      if (PgDualSide.logical(l)) {
        continue; // both ends are primaries; PgDualLinks reads these links
      }
      link(f, t, l, states.get(l.from()), states.get(l.to()));
    }
    for (EntryPoint ep : t.entryPoints()) {
      if (ep.redirection() == Redirection.NONE) {
        followsPrimary(f, t, ep, states);
      }
    }
    return f.build();
  }

  private static void server(Facts.Builder f, PgState s) {
    // A server that does not answer may run or not: no service fact, so nothing reads it as up.
    if (s.status() == PgState.Status.STOPPED || s.status() == PgState.Status.RUNNING) {
      f.add(
          FactKind.SERVICE,
          s.name(),
          s.status() == PgState.Status.STOPPED ? ServiceState.STOPPED : ServiceState.RUNNING);
    }
    if (s.version() != null) {
      f.add(FactKind.VERSION, s.name(), s.version());
    }
    if (s.status() == PgState.Status.RUNNING) {
      f.add(FactKind.ROLE, s.name(), s.inRecovery() ? "replica" : "primary");
      f.add(FactKind.PROPERTY, Property.LSN.of(s.name()), Lsn.format(s.lsn()));
      f.add(
          FactKind.PROPERTY,
          Property.REPLAY_PAUSED.of(s.name()),
          Boolean.toString(s.replayPaused()));
    }
    if (s.timeline() != null) {
      f.add(FactKind.PROPERTY, Property.TIMELINE.of(s.name()), s.timeline());
    }
    f.add(
        FactKind.PROPERTY,
        Property.STATE.of(s.name()),
        s.detail().isEmpty() ? s.status().name().toLowerCase() : s.detail());
  }

  /**
   * The link is judged from whichever end is primary now. With no primary running, a standby is
   * synced only if it replayed past the stopped primary's shutdown checkpoint; a primary that did
   * not shut down cleanly leaves the state unknown, which refuses any promotion.
   */
  private static void link(Facts.Builder f, Topology t, ReplicationLink l, PgState a, PgState b) {
    if (a == null || b == null) {
      return;
    }
    PgState primary = a.isPrimary() ? a : b.isPrimary() ? b : null;
    if (primary != null) {
      PgState standby = primary == a ? b : a;
      Map<String, String> row =
          primary.replica(PgConfig.applicationNameOf(t.requireComponent(standby.name())));
      if (row == null || !"streaming".equals(row.get("state"))) {
        f.add(FactKind.LINK, l.key(), LinkState.REMOVED);
        return;
      }
      long lag = row.get("lag") == null ? 0 : Long.parseLong(row.get("lag"));
      f.add(FactKind.LINK, l.key(), lag <= IN_FLIGHT ? LinkState.SYNCED : LinkState.LAGGING);
      f.add(FactKind.LAG_BYTES, l.key(), lag);
      if (row.get("sync_state") != null) {
        f.add(FactKind.PROPERTY, Property.SYNC_STATE.of(l.key()), row.get("sync_state"));
      }
      return;
    }
    PgState stopped =
        a.status() == PgState.Status.STOPPED ? a : b.status() == PgState.Status.STOPPED ? b : null;
    PgState replica = a.isReplica() ? a : b.isReplica() ? b : null;
    if (stopped != null
        && replica != null
        && stopped.cleanShutdown()
        && stopped.checkpointLsn() >= 0) {
      long behind = Math.max(0, stopped.checkpointLsn() - replica.lsn() + 1);
      f.add(FactKind.LINK, l.key(), behind == 0 ? LinkState.SYNCED : LinkState.LAGGING);
      f.add(FactKind.LAG_BYTES, l.key(), behind);
    }
  }

  private static void followsPrimary(
      Facts.Builder f, Topology t, EntryPoint ep, Map<String, PgState> states) {
    String group = t.component(ep.pointsAt()).map(c -> c.roleGroup()).orElse(null);
    t.components().stream()
        .filter(c -> group != null && group.equals(c.roleGroup()))
        .filter(c -> states.containsKey(c.name()) && states.get(c.name()).isPrimary())
        .findFirst()
        .ifPresent(c -> f.add(FactKind.POINTS_AT, ep.name(), c.name()));
  }
}
