package dev.baton.testkit.dual;

import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgCluster;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The customer's databases as they stand before Baton comes: main and report on both servers, one
 * table each, replicated both ways by plain logical replication that skips changes which came from
 * the other side ({@code origin = none}), so nothing loops.
 */
final class LabDatabases {

  /** The lab's databases, in the order the replication links are listed. */
  static final List<String> NAMES = List.of("main", "report");

  private LabDatabases() {}

  /** The table each database holds. */
  static String table(String db) {
    return SideClient.TABLES.get(db);
  }

  static void create(LocalPgCluster server) throws SQLException {
    for (String db : NAMES) {
      run(server, "postgres", "CREATE DATABASE " + db);
      // The CHECK holds on both servers, so a key of the wrong side fails wherever it lands.
      run(
          server,
          db,
          "CREATE TABLE public."
              + table(db)
              + " (id bigint PRIMARY KEY, side text NOT NULL, note text NOT NULL,"
              + " updated_at timestamptz NOT NULL DEFAULT now(),"
              + " CHECK (side = CASE WHEN id % 2 = 1 THEN 'A' ELSE 'B' END))");
    }
  }

  static String publication(String db, Side on) {
    return "pub_" + db + "_" + on.lower();
  }

  /** The subscription on {@code on} that takes {@code db}'s changes from the other side. */
  static String subscription(String db, Side on) {
    return "sub_" + db + "_" + on.lower() + "_from_" + on.other().lower();
  }

  /**
   * Publishes every table of each database on both servers, then subscribes each server to the
   * other's publication without copying (both tables are empty), and waits until every subscription
   * streams and every table is ready.
   */
  static void replicateBothWays(Map<Side, LocalPgCluster> servers, Duration wait)
      throws SQLException {
    for (Side s : Side.values()) {
      for (String db : NAMES) {
        run(servers.get(s), db, "CREATE PUBLICATION " + publication(db, s) + " FOR ALL TABLES");
      }
    }
    for (Side s : Side.values()) {
      LocalPgCluster from = servers.get(s.other());
      for (String db : NAMES) {
        run(
            servers.get(s),
            db,
            "CREATE SUBSCRIPTION "
                + subscription(db, s)
                + " CONNECTION 'host="
                + from.host()
                + " port="
                + from.port()
                + " dbname="
                + db
                + " user=postgres' PUBLICATION "
                + publication(db, s.other())
                + " WITH (origin = none, copy_data = false)");
      }
    }
    for (Side s : Side.values()) {
      for (String db : NAMES) {
        awaitStreaming(servers.get(s), servers.get(s.other()), db, subscription(db, s), wait);
      }
    }
  }

  private static void awaitStreaming(
      LocalPgCluster subscriber, LocalPgCluster publisher, String db, String sub, Duration wait) {
    Poll.until(
        wait,
        sub + " on " + subscriber.name() + " to stream from " + publisher.name(),
        () ->
            "0"
                    .equals(
                        run(
                                subscriber,
                                db,
                                "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'")
                            .value())
                && "1"
                    .equals(
                        run(
                                publisher,
                                "postgres",
                                "SELECT count(*) FROM pg_stat_replication WHERE application_name = '"
                                    + sub
                                    + "' AND state = 'streaming'")
                            .value()));
  }

  static SqlResult run(LocalPgCluster server, String db, String query) throws SQLException {
    return LabSql.run(server.host(), server.port(), db, query);
  }
}
