package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a streaming link's counters for a synchronisation report: which end is primary, its WAL
 * position and change counters, and the standby's replay lag as the primary sees it. Read-only.
 */
public final class LinkSampler implements AutoCloseable {

  private static final String ROLE_SQL = "select pg_is_in_recovery() as recovery";
  private static final String SAMPLE_SQL =
      "select pg_current_wal_lsn()::text as lsn,"
          + " sum(xact_commit)::bigint::text as committed,"
          + " sum(tup_inserted)::bigint::text as inserted,"
          + " sum(tup_updated)::bigint::text as updated,"
          + " sum(tup_deleted)::bigint::text as deleted,"
          + " (select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint::text"
          + "    from pg_stat_replication where application_name = '%s'"
          + "    and state = 'streaming' limit 1) as lag"
          + " from pg_stat_database";

  private final Function<String, Transport> transports;
  private final Clock clock;
  private final PgSql sql;

  /** {@code transports} gives a node's transport by name; the caller closes them. */
  public LinkSampler(Function<String, Transport> transports, Clock clock) {
    this(transports, clock, new PgSql());
  }

  /** {@code secrets} gives a secret's value by its topology name ({@code passwordSecret}). */
  public LinkSampler(
      Function<String, Transport> transports, Clock clock, Function<String, String> secrets) {
    this(transports, clock, new PgSql(secrets));
  }

  private LinkSampler(Function<String, Transport> transports, Clock clock, PgSql sql) {
    this.transports = transports;
    this.clock = clock;
    this.sql = sql;
  }

  /** One sample of {@code link}; fails when neither end answers as a primary. */
  public LinkSample sample(Topology t, ReplicationLink link) throws DriverException {
    PgConfig from = PgConfig.of(t.requireComponent(link.from()));
    PgConfig to = PgConfig.of(t.requireComponent(link.to()));
    PgConfig primary = isPrimary(from) ? from : isPrimary(to) ? to : null;
    if (primary == null) {
      throw new DriverException(
          "neither end of " + link.name() + " answers as a primary; nothing to sample", "");
    }
    String standby = (primary == from ? to : from).applicationName().replace("'", "''");
    try {
      Map<String, String> row =
          sql.query(primary, transport(primary), SAMPLE_SQL.formatted(standby)).get(0);
      return new LinkSample(
          clock.instant(),
          primary.name(),
          Lsn.parse(row.get("lsn")),
          number(row.get("lag")),
          number(row.get("committed")),
          number(row.get("inserted")),
          number(row.get("updated")),
          number(row.get("deleted")));
    } catch (SQLException e) {
      sql.drop(primary.name());
      throw new DriverException("cannot sample " + primary.name() + ": " + e.getMessage(), "");
    }
  }

  private boolean isPrimary(PgConfig c) throws DriverException {
    try {
      List<Map<String, String>> rows = sql.query(c, transport(c), ROLE_SQL);
      return "f".equals(rows.get(0).get("recovery"));
    } catch (SQLException e) {
      sql.drop(c.name());
      return false;
    }
  }

  private Transport transport(PgConfig c) {
    return transports.apply(c.node());
  }

  private static long number(String v) {
    return v == null ? -1 : Long.parseLong(v);
  }

  @Override
  public void close() {
    sql.close();
  }
}
