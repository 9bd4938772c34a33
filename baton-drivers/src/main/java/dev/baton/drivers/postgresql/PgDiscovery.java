package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Finds a running primary/standby pair from one connection to either member and describes it as a
 * topology ({@link PgTopologyWriter}): the other member comes from the WAL receiver (when given the
 * standby) or from the primary's standbys and the postmasters on their hosts (when given the
 * primary); each member's files, OS user and binaries are read through its host's transport.
 */
public final class PgDiscovery {

  /**
   * How to reach the member given and its host; {@code password} is the value, never written;
   * {@code ssh} is the login for hosts reached over SSH, empty when Baton runs on them.
   */
  public record Request(
      String host,
      int port,
      String user,
      String database,
      Optional<String> password,
      Optional<String> standby,
      Optional<SshLogin> ssh) {}

  /** The SSH login discover used, which the topology's nodes then use too. */
  public record SshLogin(String user, int port) {}

  /** One discovered member: where it listens and what it is. */
  record Found(
      String host,
      int port,
      Map<String, String> settings,
      Map<String, String> receiver,
      List<Map<String, String>> replicas,
      List<Map<String, String>> slots,
      String osUser,
      String binDir) {

    boolean primary() {
      return "false".equals(settings.get("recovery"));
    }

    String version() {
      return PgObserver.version(settings.get("version")).text();
    }
  }

  private static final String SETTINGS_SQL =
      PgMember.SERVER_SQL
          + ", pg_backend_pid()::text as backend_pid,"
          + " current_setting('unix_socket_directories') as socket_dirs,"
          + " current_setting('cluster_name') as cluster_name,"
          + " current_setting('archive_command') as archive_command";
  private static final String SLOTS_SQL =
      "select slot_name, slot_type, active::text as active from pg_replication_slots";

  private final Request request;
  private final Function<String, Transport> hosts;

  /** {@code hosts} gives the transport to a host by its address (local or SSH). */
  public PgDiscovery(Request request, Function<String, Transport> hosts) {
    this.request = request;
    this.hosts = hosts;
  }

  /** The pair as a commented topology, with the given member first when it is the primary. */
  public String discover(String system, Optional<String> passwordRef) throws DriverException {
    Found given = inspect(request.host(), request.port());
    Found other;
    if (given.primary()) {
      other = standbyOf(given);
    } else {
      String sender = given.receiver().getOrDefault("sender_host", "");
      String port = given.receiver().get("sender_port");
      if (port == null) {
        throw new DriverException(
            "the server at "
                + place(request.host(), request.port())
                + " is a standby that streams from nothing now; point discover at its primary",
            "");
      }
      other =
          inspect(
              sender.startsWith("/") || sender.isEmpty() ? request.host() : sender,
              Integer.parseInt(port));
    }
    Found primary = given.primary() ? given : other;
    Found standby = given.primary() ? other : given;
    if (!primary.primary()) {
      throw new DriverException(
          "neither "
              + place(given.host(), given.port())
              + " nor "
              + place(other.host(), other.port())
              + " is a primary: point discover at the pair's primary or its direct standby",
          "");
    }
    return new PgTopologyWriter(system, request, passwordRef).write(primary, standby);
  }

  /** The standby streaming from {@code primary}: named by --standby, else found on its host. */
  private Found standbyOf(Found primary) throws DriverException {
    if (request.standby().isPresent()) {
      String hp = request.standby().get();
      int colon = hp.lastIndexOf(':');
      return inspect(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
    }
    List<Map<String, String>> streaming =
        primary.replicas().stream().filter(r -> "streaming".equals(r.get("state"))).toList();
    if (streaming.size() != 1) {
      throw new DriverException(
          "the primary at "
              + place(primary.host(), primary.port())
              + " has "
              + streaming.size()
              + " streaming standbys; discover describes a pair: name the standby with --standby"
              + " HOST:PORT",
          "");
    }
    String addr = streaming.get(0).get("client_addr");
    String host = addr == null || loopback(addr) ? primary.host() : addr.replaceAll("/\\d+$", "");
    for (int port : postmasterPorts(host)) {
      if (host.equals(primary.host()) && port == primary.port()) {
        continue;
      }
      Found f;
      try {
        f = inspect(host, port);
      } catch (DriverException e) {
        continue;
      }
      if (!f.primary()
          && String.valueOf(primary.port()).equals(f.receiver().get("sender_port"))
          && primary
              .settings()
              .get("system_identifier")
              .equals(f.settings().get("system_identifier"))) {
        return f;
      }
    }
    throw new DriverException(
        "the standby of "
            + place(primary.host(), primary.port())
            + " connects from "
            + host
            + ", but no server there streams from it; name it with --standby HOST:PORT",
        "");
  }

  /**
   * The ports of the postmasters on a host whose children include a WAL receiver: each receiver's
   * parent is its postmaster, whose data directory (the postmaster's working directory) holds
   * postmaster.pid with the port on its fourth line.
   */
  private List<Integer> postmasterPorts(String host) throws DriverException {
    String script =
        "for pp in $(ps -eo ppid=,args= | awk '/walreceiver/ && !/awk/ {print $1}'); do "
            + "d=$(readlink /proc/$pp/cwd); [ -n \"$d\" ] && sed -n 4p \"$d/postmaster.pid\"; done";
    CommandResult r = hosts.apply(host).run(Command.of(Duration.ofSeconds(15), "sh", "-c", script));
    List<Integer> ports = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (line.strip().matches("\\d+")) {
        ports.add(Integer.parseInt(line.strip()));
      }
    }
    return ports;
  }

  Found inspect(String host, int port) throws DriverException {
    Transport t = hosts.apply(host);
    InetSocketAddress a = t.reach(host, port);
    Properties p = new Properties();
    p.setProperty("user", request.user());
    request.password().ifPresent(pw -> p.setProperty("password", pw));
    p.setProperty("connectTimeout", "5");
    p.setProperty("ApplicationName", "baton-discover");
    String url =
        "jdbc:postgresql://" + a.getHostString() + ":" + a.getPort() + "/" + request.database();
    try (Connection c = DriverManager.getConnection(url, p)) {
      Map<String, String> settings = rows(c, SETTINGS_SQL).get(0);
      boolean recovery = "true".equals(settings.get("recovery"));
      Map<String, String> receiver =
          recovery
              ? rows(c, PgMember.RECEIVER_SQL).stream().findFirst().orElse(Map.of())
              : Map.of();
      List<Map<String, String>> replicas = recovery ? List.of() : rows(c, PgMember.REPLICAS_SQL);
      List<Map<String, String>> slots = rows(c, SLOTS_SQL);
      String dataDir = settings.get("data_directory");
      return new Found(
          host,
          port,
          settings,
          receiver,
          replicas,
          slots,
          owner(t, dataDir),
          binDir(t, settings.get("backend_pid"), dataDir));
    } catch (SQLException e) {
      throw new DriverException(
          "cannot connect to "
              + place(host, port)
              + " as "
              + request.user()
              + ": "
              + PgMember.oneClause(e.getMessage()),
          "");
    }
  }

  private static String owner(Transport t, String dataDir) throws DriverException {
    CommandResult r = t.run(Command.of(Duration.ofSeconds(10), "stat", "-c", "%U", dataDir));
    return r.ok() ? r.stdout().strip() : "";
  }

  /**
   * The bin directory of the running server: the postmaster (the parent of this connection's
   * backend) was started by its full path, as pg_ctl and Debian's pg_ctlcluster do; else
   * postmaster.opts, where PostgreSQL writes the same.
   */
  private static String binDir(Transport t, String backendPid, String dataDir)
      throws DriverException {
    String script =
        "pp=$(ps -o ppid= -p \"$1\" | tr -d ' '); exe=$(readlink /proc/$pp/exe 2>/dev/null); "
            + "[ -z \"$exe\" ] && exe=$(ps -o args= -p \"$pp\" | cut -d' ' -f1); "
            + "case \"$exe\" in /*) ;; *) exe=$(cut -d' ' -f1 \"$2/postmaster.opts\" 2>/dev/null);; esac; "
            + "echo \"$exe\"";
    CommandResult r =
        t.run(Command.of(Duration.ofSeconds(10), "sh", "-c", script, "sh", backendPid, dataDir));
    String exe = r.stdout().strip().replace("\"", "");
    return exe.contains("/") ? exe.substring(0, exe.lastIndexOf('/')) : "";
  }

  private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, String>> out = new ArrayList<>();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getString(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  static boolean loopback(String addr) {
    try {
      return InetAddress.getByName(addr.replaceAll("/\\d+$", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static String place(String host, int port) {
    return host + ":" + port;
  }
}
