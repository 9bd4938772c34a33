package dev.baton.drivers.postgresql;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.drivers.fence.Fencing;
import dev.baton.topology.PropertyKey;
import java.util.List;

/**
 * The component properties the postgresql driver reads ({@link PgConfig}), with what each means and
 * its default: {@code validate} refuses any other key, and docs list these.
 */
public final class PgProperties {

  private PgProperties() {}

  /** What a PostgreSQL component may hold, besides how it is fenced. */
  private static final List<PropertyKey> SERVER =
      List.of(
          exact("host", "the address Baton connects to", "127.0.0.1"),
          exact("port", "the port the server listens on (required)", NO_DEFAULT),
          exact("dataDir", "the data directory (required)", NO_DEFAULT),
          exact("socketDir", "the Unix-socket directory", "/var/run/postgresql"),
          exact("logFile", "the server log pg_ctl writes", "<dataDir>/../<component>.log"),
          exact("backupDir", "where base backups go", "<dataDir>/../backups"),
          exact("osUser", "the OS user that owns the data directory and runs pg_ctl", "postgres"),
          exact("dbUser", "the database user Baton connects as", "postgres"),
          exact("database", "the database Baton connects to", "postgres"),
          exact("toolsDir", "where psql and pg_ctl are", "the first bin.<version>"),
          family("bin.", "version", "the binary directory of a version, e.g. bin.15.8", NO_DEFAULT),
          exact(
              "applicationName",
              "the application_name the standby connects to its primary with",
              "the component's name"),
          exact(
              "passwordSecret",
              "the name of a topology secret holding the database user's password",
              NO_DEFAULT),
          exact(
              "upgradeOf",
              "the role group this server will replace in a major upgrade (it is built as a copy"
                  + " of that group's primary)",
              NO_DEFAULT));

  /**
   * What a dual-sided system adds (read by PgDualSide and PgBouncerGate, not PgConfig): a node's
   * hosts file, and a side's PgBouncer (kind {@code pgbouncer}), the gate its clients come through,
   * which Baton closes and opens on the admin console; {@code host} and {@code port} are its
   * listener.
   */
  static final List<PropertyKey> DUAL =
      List.of(
          exact(
              "hostsFile",
              "the hosts file this node's clients resolve through, where seed 002's failover"
                  + " pins go",
              "/etc/hosts"),
          exact("adminUser", "(kind pgbouncer) one of its admin_users", NO_DEFAULT),
          exact(
              "adminPassword",
              "(kind pgbouncer) the name of a topology secret holding that user's password",
              NO_DEFAULT),
          exact(
              "databases",
              "(kind pgbouncer) the [databases] entries its side's clients use, comma-separated",
              NO_DEFAULT),
          exact("config", "(kind pgbouncer) its configuration file, for the operator", NO_DEFAULT));

  /** What a PostgreSQL component may hold: the server's keys, the fencing ones, the dual side's. */
  public static final List<PropertyKey> COMPONENT =
      java.util.stream.Stream.of(SERVER, Fencing.PROPERTIES, DUAL).flatMap(List::stream).toList();
}
