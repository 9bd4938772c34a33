package dev.baton.drivers.postgresql;

import dev.baton.drivers.pooler.PgBouncerGate;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The parts of a dual-sided PostgreSQL system (seed 002 on PostgreSQL 16 and later) that a
 * primary/standby pair lacks: each side's PgBouncer as the gate its clients come through, the
 * failover pins in each node's hosts file, side B writing on its own while split, and the checks
 * that replication works both ways afterwards. The logical links themselves are {@link
 * PgDualLinks}.
 */
final class PgDualSide {

  /** The kind of a link that replicates one database both ways by logical replication. */
  static final String LOGICAL = "logical";

  /** The component property naming the hosts file a node's clients resolve through. */
  static final String HOSTS_FILE = "hostsFile";

  private static final Duration PROBE_WAIT = Duration.ofSeconds(30);

  private final PgSql sql;
  private final Function<String, Transport> transports;
  private final PgBouncerGate gate;

  PgDualSide(PgSql sql, Function<String, Transport> transports) {
    this.sql = sql;
    this.transports = transports;
    this.gate = new PgBouncerGate(transports, sql::secret);
  }

  /** True when the topology holds a logical link or a PgBouncer gate: a dual-sided system. */
  static boolean dualSided(Topology t) {
    return t.links().stream().anyMatch(PgDualSide::logical)
        || t.components().stream().anyMatch(PgDualSide::isGate);
  }

  static boolean logical(ReplicationLink l) {
    return LOGICAL.equals(l.kind());
  }

  /** The logical links {@code component} is an end of, in the topology's order. */
  static List<ReplicationLink> linksOf(Topology t, String component) {
    return t.links().stream()
        .filter(l -> logical(l) && (l.from().equals(component) || l.to().equals(component)))
        .sorted(java.util.Comparator.comparingInt(ReplicationLink::order))
        .toList();
  }

  static boolean isGate(Component c) {
    return PgBouncerGate.KIND.equals(c.kind());
  }

  // ---- facts ----

  /** Gate states and failover pins; a gate or file that cannot be read gives no fact. */
  List<Fact> facts(Topology t, java.util.Set<String> unreachable, Instant at) {
    List<Fact> out = new ArrayList<>();
    for (Component c : t.components()) {
      if (isGate(c) && !unreachable.contains(c.node())) {
        try {
          out.add(new Fact(FactKind.SERVICE, c.name(), gate.state(c), "postgresql", at));
        } catch (DriverException e) {
          out.add(
              new Fact(
                  FactKind.PROPERTY,
                  Property.STATE.of(c.name()),
                  e.getMessage(),
                  "postgresql",
                  at));
        }
      }
    }
    for (Node n : t.nodes()) {
      Optional<String> file = hostsFile(t, n.name());
      if (file.isEmpty() || unreachable.contains(n.name())) {
        continue;
      }
      try {
        boolean pinned = PgFailoverPins.pinned(transports.apply(n.name()), file.get());
        out.add(
            new Fact(
                FactKind.PROPERTY,
                Property.FAILOVER_PINNED.of(n.name()),
                pinned ? "yes" : "no",
                "postgresql",
                at));
      } catch (DriverException e) {
        // No fact: a step that needs the pin state waits or refuses.
      }
    }
    return out;
  }

  /**
   * Side B writes on its own once nothing replicates into it: a running server that is not in
   * recovery and has no subscription left for any logical link of the topology.
   */
  Optional<Fact> provisioning(Topology t, PgConfig c, PgState s, Instant at) {
    if (s == null || s.status() != PgState.Status.RUNNING || s.inRecovery()) {
      return Optional.empty();
    }
    int subscriptions = 0;
    for (ReplicationLink l : linksOf(t, c.name())) {
      try {
        subscriptions +=
            sql.probe(PgLogical.on(c, l.name()), transports.apply(c.node()), SUBSCRIPTIONS).size();
      } catch (SQLException | DriverException e) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new Fact(
            FactKind.PROPERTY,
            Property.PROVISIONING.of(c.name()),
            subscriptions == 0 ? "independent" : "replicated",
            "postgresql",
            at));
  }

  private static final String SUBSCRIPTIONS =
      "SELECT subname FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database"
          + " WHERE datname = current_database())";

  // ---- actions ----

  ActionResult stopGate(Component c) throws DriverException {
    return gate.stop(c);
  }

  ActionResult startGate(Component c) throws DriverException {
    return gate.start(c);
  }

  ActionResult pin(Topology t, Node n, String entries) throws DriverException {
    String file = hostsFile(t, n.name()).orElse(PgFailoverPins.DEFAULT_FILE);
    return PgFailoverPins.pin(transports.apply(n.name()), file, n.host(), entries);
  }

  ActionResult unpin(Topology t, Node n) throws DriverException {
    String file = hostsFile(t, n.name()).orElse(PgFailoverPins.DEFAULT_FILE);
    return PgFailoverPins.unpin(transports.apply(n.name()), file);
  }

  /** Nothing to switch on PostgreSQL: the server writes on its own once nothing replicates in. */
  ActionResult enableProvisioning(Topology t, PgConfig c, PgState s) throws DriverException {
    Optional<Fact> f = provisioning(t, c, s, Instant.now());
    if (f.isEmpty()) {
      throw new DriverException(c.name() + " does not run as a writable server", "");
    }
    if (!"independent".equals(f.get().value())) {
      throw new DriverException(
          c.name() + " still subscribes to the other side; remove replication first", "");
    }
    return new ActionResult(
        c.name() + " takes its side's writes on its own: nothing replicates into it", "");
  }

  /**
   * Seed 002's verification: a row made on one end is found on the other, in every database a
   * logical link joins them by; {@code upstream} marks a row a third writer made on {@code on}.
   */
  ActionResult verify(Topology t, PgConfig on, PgConfig other, String probe)
      throws DriverException {
    List<String> found = new ArrayList<>();
    List<PgConfig> ends = List.of(on, other);
    for (ReplicationLink l : t.links()) {
      if (!logical(l)) {
        continue;
      }
      String id = probe + "-" + UUID.randomUUID();
      PgConfig from = PgLogical.on(on, l.name());
      PgConfig to = PgLogical.on(other, l.name());
      try {
        ensureProbeTable(ends, l.name());
        sql.query(
            from,
            transports.apply(on.node()),
            "INSERT INTO baton.verify_probe (id, made_on) VALUES ('"
                + id
                + "', '"
                + on.name()
                + "')");
      } catch (SQLException e) {
        throw new DriverException(
            "cannot write a probe row on " + from.name() + ": " + e.getMessage(), "");
      }
      long ms =
          Poll.until(
              PROBE_WAIT,
              20,
              () -> {
                try {
                  return !sql.query(
                          to,
                          transports.apply(other.node()),
                          "SELECT 1 FROM baton.verify_probe WHERE id = '" + id + "'")
                      .isEmpty();
                } catch (SQLException | DriverException e) {
                  return false;
                }
              });
      if (ms < 0) {
        throw new DriverException(
            "a row written on "
                + from.name()
                + " did not reach "
                + to.name()
                + " within "
                + PROBE_WAIT.toSeconds()
                + " s",
            id);
      }
      found.add(from.name() + " -> " + to.name() + " in " + ms + " ms");
    }
    return new ActionResult("replicated " + String.join(", ", found), String.join("\n", found));
  }

  /**
   * The probe table lives in Baton's schema on both ends; a subscription learns of a table made
   * after it only when refreshed, without copying anything.
   */
  private void ensureProbeTable(List<PgConfig> ends, String db)
      throws SQLException, DriverException {
    for (PgConfig e : ends) {
      PgConfig c = PgLogical.on(e, db);
      Transport tr = transports.apply(e.node());
      boolean made =
          sql.query(c, tr, "SELECT to_regclass('baton.verify_probe') IS NOT NULL AS x")
              .get(0)
              .get("x")
              .equals("t");
      if (!made) {
        sql.query(
            c,
            tr,
            "CREATE SCHEMA IF NOT EXISTS baton; CREATE TABLE IF NOT EXISTS baton.verify_probe"
                + " (id text PRIMARY KEY, made_on text NOT NULL, at timestamptz NOT NULL DEFAULT"
                + " now())");
      }
    }
    for (PgConfig e : ends) {
      PgConfig c = PgLogical.on(e, db);
      Transport tr = transports.apply(e.node());
      for (Map<String, String> s : sql.query(c, tr, SUBSCRIPTIONS)) {
        sql.query(
            c,
            tr,
            "ALTER SUBSCRIPTION "
                + quoteIdent(s.get("subname"))
                + " REFRESH PUBLICATION WITH (copy_data = false)");
      }
    }
  }

  private static String quoteIdent(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  /** The hosts file of a node: the first {@code hostsFile} a server on it names. */
  static Optional<String> hostsFile(Topology t, String node) {
    return t.components().stream()
        .filter(c -> c.node().equals(node) && c.properties().containsKey(HOSTS_FILE))
        .map(c -> c.properties().get(HOSTS_FILE))
        .findFirst();
  }

  /** The gate status, for the plan's service facts when a gate is asked directly. */
  ServiceState gateState(Component c) throws DriverException {
    return gate.state(c);
  }
}
