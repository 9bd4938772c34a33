package dev.baton.drivers.pooler;

import dev.baton.engine.DriverException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What PgBouncer's console says about one database: where it sends clients, whether it holds them,
 * how many wait, how it pools, and how long it lets a client wait.
 */
record PoolerState(
    String target,
    Paused paused,
    int waitingClients,
    int activeServers,
    String poolMode,
    long queryWaitTimeoutMs,
    String evidence) {

  /** Whether the pooler holds a database's clients. */
  enum Paused {
    /** Clients go on to the server. */
    FALSE("its clients go on"),
    /** PAUSE was asked and transactions still run on server connections. */
    PAUSING("it is pausing"),
    /** No server connection is left and new queries wait. */
    TRUE("it holds its clients");

    private final String sentence;

    Paused(String sentence) {
      this.sentence = sentence;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    String sentence() {
      return sentence;
    }
  }

  private static final List<String> SERVER_COLUMNS =
      List.of("sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login");

  /** Reads the answers of SHOW DATABASES, SHOW POOLS and (optionally, null) SHOW CONFIG. */
  static PoolerState read(
      String database,
      AdminConsole.Answer databases,
      AdminConsole.Answer pools,
      AdminConsole.Answer config)
      throws DriverException {
    Map<String, String> db =
        databases.rows().stream()
            .filter(r -> database.equals(r.get("name")))
            .findFirst()
            .orElseThrow(
                () -> new DriverException("PgBouncer has no database named " + database, ""));
    int servers = 0;
    int waiting = 0;
    int active = 0;
    String poolMode = blankToNull(db.get("pool_mode"));
    for (Map<String, String> p : pools.rows()) {
      if (!database.equals(p.get("database"))) {
        continue;
      }
      for (String c : SERVER_COLUMNS) {
        servers += number(p.get(c));
      }
      waiting += number(p.get("cl_waiting"));
      active += number(p.get("sv_active"));
    }
    long timeoutMs = -1;
    if (config != null) {
      for (Map<String, String> row : config.rows()) {
        if ("pool_mode".equals(row.get("key")) && poolMode == null) {
          poolMode = row.get("value");
        }
        if ("query_wait_timeout".equals(row.get("key"))) {
          timeoutMs = Math.round(Double.parseDouble(row.get("value")) * 1000);
        }
      }
    }
    Paused paused =
        !"1".equals(db.get("paused")) ? Paused.FALSE : servers == 0 ? Paused.TRUE : Paused.PAUSING;
    return new PoolerState(
        db.get("host") + ":" + db.get("port"),
        paused,
        waiting,
        active,
        poolMode == null ? "unknown" : poolMode,
        timeoutMs,
        "SHOW DATABASES: " + db);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static int number(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
