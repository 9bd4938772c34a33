package dev.baton.drivers.pooler;

import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A pooler entry point's PgBouncer settings: where its admin console listens (as seen from its
 * node), who logs in, which {@code [databases]} entry of which file clients use, and the address of
 * each component PgBouncer may send them to.
 */
record PgBouncerSettings(
    String node,
    String host,
    int port,
    String adminUser,
    String adminPassword,
    String database,
    String config,
    Map<String, String> servers,
    String clientUrl) {

  static final String SERVER_PREFIX = "server.";

  // PgBouncer's database names as Baton accepts them: no quoting, nothing a console line or an ini
  // key could be split on.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9_.:-]+:[0-9]{1,5}");

  static PgBouncerSettings of(EntryPoint ep) throws DriverException {
    try {
      String database = ep.require("database");
      if (!NAME.matcher(database).matches()) {
        throw new IllegalArgumentException(
            "entry point "
                + ep.name()
                + " names the PgBouncer database \""
                + database
                + "\"; Baton drives only names of letters, digits and _ . -");
      }
      return new PgBouncerSettings(
          ep.require("node"),
          ep.properties().getOrDefault("host", "127.0.0.1"),
          Integer.parseInt(ep.require("port").strip()),
          ep.properties().getOrDefault("adminUser", "pgbouncer"),
          ep.properties().get("adminPassword"),
          database,
          ep.require("config"),
          servers(ep),
          ep.properties().get("clientUrl"));
    } catch (IllegalArgumentException e) {
      throw new DriverException(e.getMessage(), "");
    }
  }

  private static Map<String, String> servers(EntryPoint ep) {
    Map<String, String> out = new TreeMap<>();
    ep.properties()
        .forEach(
            (k, v) -> {
              if (k.startsWith(SERVER_PREFIX)) {
                String address = v.strip();
                if (!HOST_PORT.matcher(address).matches()) {
                  throw new IllegalArgumentException(
                      "entry point " + ep.name() + ": " + k + " = " + v + " is not host:port");
                }
                out.put(k.substring(SERVER_PREFIX.length()), address);
              }
            });
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "entry point "
              + ep.name()
              + " names no servers; add server.<component>: host:port for each component"
              + " PgBouncer may send its clients to");
    }
    return out;
  }

  /** The address PgBouncer must use for {@code component}, or a sentence saying it is missing. */
  String server(String component) throws DriverException {
    String s = servers.get(component);
    if (s == null) {
      throw new DriverException(
          "component "
              + component
              + " has no PgBouncer address; add the property "
              + SERVER_PREFIX
              + component
              + ": host:port to the entry point",
          "");
    }
    return s;
  }

  /** The component PgBouncer reaches at {@code hostPort}, if the entry point maps one there. */
  Optional<String> component(String hostPort) {
    return servers.entrySet().stream()
        .filter(e -> e.getValue().equals(hostPort))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  String where() {
    return "PgBouncer at " + host + ":" + port + " on node " + node;
  }
}
