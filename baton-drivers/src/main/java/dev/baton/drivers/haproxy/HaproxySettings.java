package dev.baton.drivers.haproxy;

import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An entry point's HAProxy settings: the stats socket, the backend, and each component's server.
 */
record HaproxySettings(String socket, String backend, Map<String, String> servers) {

  static final String SOCKET = "socket";
  static final String BACKEND = "backend";
  static final String SERVER_PREFIX = "server.";

  // HAProxy's own rule for proxy and server names; it also keeps a name from smuggling a second
  // command (';', a space or a newline) into a runtime API line.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

  /** Reads and checks the settings, failing with a sentence that names the entry point. */
  static HaproxySettings of(EntryPoint ep) throws DriverException {
    try {
      String socket = ep.require(SOCKET);
      String backend = checked(ep, "backend", ep.require(BACKEND));
      return new HaproxySettings(socket, backend, servers(ep));
    } catch (IllegalArgumentException e) {
      throw new DriverException(e.getMessage(), "");
    }
  }

  private static Map<String, String> servers(EntryPoint ep) throws DriverException {
    Map<String, String> servers = new TreeMap<>();
    Map<String, String> componentOf = new HashMap<>();
    for (Map.Entry<String, String> p : new TreeMap<>(ep.properties()).entrySet()) {
      if (!p.getKey().startsWith(SERVER_PREFIX)) {
        continue;
      }
      String component = p.getKey().substring(SERVER_PREFIX.length());
      String server = checked(ep, "server", p.getValue().strip());
      String other = componentOf.putIfAbsent(server, component);
      if (other != null) {
        throw new DriverException(
            "entry point "
                + ep.name()
                + " maps both "
                + other
                + " and "
                + component
                + " to HAProxy server "
                + server
                + "; each component needs its own server",
            "");
      }
      servers.put(component, server);
    }
    if (servers.isEmpty()) {
      throw new DriverException(
          "entry point "
              + ep.name()
              + " names no HAProxy servers; add server.<component>: <name>"
              + " for each component behind its backend",
          "");
    }
    return servers;
  }

  private static String checked(EntryPoint ep, String what, String name) throws DriverException {
    if (!NAME.matcher(name).matches()) {
      throw new DriverException(
          "entry point "
              + ep.name()
              + " gives the HAProxy "
              + what
              + " name \""
              + name
              + "\", but such names hold only letters, digits and - _ . :",
          "");
    }
    return name;
  }

  /** The HAProxy server of {@code component}, or a sentence saying the mapping is missing. */
  String server(String component) throws DriverException {
    String server = servers.get(component);
    if (server == null) {
      throw new DriverException(
          "component "
              + component
              + " has no HAProxy server in backend "
              + backend
              + "; add the property "
              + SERVER_PREFIX
              + component
              + " to the entry point",
          "");
    }
    return server;
  }

  /** The component behind an HAProxy server, if the entry point maps one to it. */
  Optional<String> component(String server) {
    return servers.entrySet().stream()
        .filter(e -> e.getValue().equals(server))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** {@code backend/server}, as runtime API commands name a server. */
  String path(String server) {
    return backend + "/" + server;
  }
}
