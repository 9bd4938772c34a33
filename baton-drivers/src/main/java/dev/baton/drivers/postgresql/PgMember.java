package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check learned about one member: its files as seen on its node, and, when it answers at its
 * host and port, its settings, its WAL receiver, its standbys and its pg_hba rules.
 */
record PgMember(
    PgConfig config,
    Map<String, String> disk,
    Map<String, String> server,
    String sqlError,
    Map<String, String> receiver,
    List<Map<String, String>> replicas,
    List<Map<String, String>> hba) {

  static final String SERVER_SQL =
      "select current_setting('data_directory') as data_directory,"
          + " (select system_identifier::text from pg_control_system()) as system_identifier,"
          + " pg_is_in_recovery()::text as recovery, current_setting('server_version') as version,"
          + " current_setting('wal_log_hints') as wal_log_hints,"
          + " current_setting('data_checksums') as data_checksums,"
          + " current_setting('max_wal_senders') as max_wal_senders,"
          + " current_setting('max_replication_slots') as max_replication_slots,"
          + " (select count(*) from pg_replication_slots)::text as slots,"
          + " (select count(*) from pg_stat_replication)::text as senders,"
          + " current_setting('archive_mode') as archive_mode,"
          + " current_setting('synchronous_standby_names') as synchronous_standby_names";
  static final String RECEIVER_SQL =
      "select status, sender_host, sender_port::text as sender_port, slot_name, conninfo"
          + " from pg_stat_wal_receiver";
  static final String REPLICAS_SQL =
      "select application_name, client_addr::text as client_addr, state, sync_state"
          + " from pg_stat_replication";
  static final String HBA_SQL =
      "select line_number::text as line, type, array_to_string(database, ',') as database,"
          + " array_to_string(user_name, ',') as user_name, address, netmask, auth_method, error"
          + " from pg_hba_file_rules order by line_number";

  /**
   * One command on the node: whether the OS user exists, the data directory with its owner and
   * PostgreSQL's own files in it (PG_VERSION, postmaster.pid, postmaster.opts), the tools Baton
   * runs, and the version each binary directory holds. No argument ever carries a secret.
   */
  static final String PROBE =
      "d=$1; u=$2; tools=$3; shift 3; "
          + "if id -u \"$u\" >/dev/null 2>&1; then echo user=yes; else echo user=no; fi; "
          + "if [ -d \"$d\" ]; then echo dir=yes; echo owner=$(stat -c %U \"$d\"); "
          + "[ -x \"$d\" ] && echo searchable=yes; "
          + "[ -f \"$d/PG_VERSION\" ] && echo pgversion=$(cat \"$d/PG_VERSION\"); "
          + "if [ -f \"$d/postmaster.pid\" ]; then pid=$(sed -n 1p \"$d/postmaster.pid\"); "
          + "echo pidport=$(sed -n 4p \"$d/postmaster.pid\"); "
          + "ps -o stat= -p \"$pid\" 2>/dev/null | grep -qv '^Z' && echo running=yes; fi; "
          + "[ -f \"$d/postmaster.opts\" ] && echo opts=$(cut -d' ' -f1 \"$d/postmaster.opts\"); "
          + "else echo dir=no; fi; "
          + "missing=''; for x in pg_controldata pg_rewind pg_basebackup; do "
          + "[ -x \"$tools/$x\" ] || missing=\"$missing $x\"; done; echo toolsmissing=$missing; "
          + "for b in \"$@\"; do echo \"bin.$b=$(\"$b/postgres\" --version 2>/dev/null | head -n 1)"
          + "$([ -x \"$b/pg_ctl\" ] || echo ' (no pg_ctl)')\"; done";

  static PgMember inspect(PgConfig c, Transport t, PgSql sql) {
    Map<String, String> disk = new HashMap<>();
    try {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", PROBE, "sh"));
      argv.add(c.dataDir());
      argv.add(c.osUser());
      argv.add(c.toolsDir());
      argv.addAll(c.binDirs().values());
      CommandResult r = t.run(new Command(argv, null, Duration.ofSeconds(15)));
      for (String line : r.stdout().split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          disk.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
      }
    } catch (DriverException e) {
      disk.put("unreachable", e.getMessage());
    }
    try {
      Map<String, String> server = sql.query(c, t, SERVER_SQL).get(0);
      boolean recovery = "true".equals(server.get("recovery"));
      Map<String, String> receiver =
          recovery ? sql.query(c, t, RECEIVER_SQL).stream().findFirst().orElse(Map.of()) : Map.of();
      List<Map<String, String>> replicas = recovery ? List.of() : sql.query(c, t, REPLICAS_SQL);
      return new PgMember(c, disk, server, "", receiver, replicas, sql.query(c, t, HBA_SQL));
    } catch (SQLException | DriverException e) {
      sql.drop(c.name());
      return new PgMember(c, disk, null, oneClause(e.getMessage()), Map.of(), List.of(), List.of());
    }
  }

  /** The first line of a driver's message, which for pgjdbc says what failed. */
  static String oneClause(String message) {
    String m = message == null ? "no answer" : message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  String name() {
    return config.name();
  }

  boolean isPrimary() {
    return server != null && "false".equals(server.get("recovery"));
  }

  boolean isStandby() {
    return server != null && "true".equals(server.get("recovery"));
  }

  String place() {
    return config.host() + ":" + config.port();
  }

  /** Where this standby's WAL receiver streams from, or empty when it does not. */
  String senderDescription() {
    String host = receiver.get("sender_host");
    String port = receiver.get("sender_port");
    return host == null || port == null ? "" : host + ":" + port;
  }

  /** A setting this member reported, or empty when it did not answer. */
  String setting(String name) {
    return server == null ? "" : server.getOrDefault(name, "");
  }
}
