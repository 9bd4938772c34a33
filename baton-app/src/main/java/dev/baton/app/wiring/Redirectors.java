package dev.baton.app.wiring;

import dev.baton.app.UsageException;
import dev.baton.drivers.dns.DnsRedirector;
import dev.baton.drivers.files.ConnectionStringRedirector;
import dev.baton.drivers.files.HostsFileRedirector;
import dev.baton.drivers.haproxy.HaproxyRedirector;
import dev.baton.drivers.pooler.PgBouncerRedirector;
import dev.baton.drivers.redirect.Redirector;
import dev.baton.drivers.transport.Transport;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import dev.baton.model.Topology;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The redirector of each entry point, by name. File-based redirections edit the file on the node
 * named by the entry point's {@code node} property, through that node's transport.
 */
final class Redirectors {
  private Redirectors() {}

  static Map<String, Redirector> forTopology(
      Topology t, Function<String, String> secrets, Function<String, Transport> transports)
      throws UsageException {
    Map<String, Redirector> out = new LinkedHashMap<>();
    if ("sim".equals(t.driver())) {
      return out;
    }
    for (EntryPoint ep : t.entryPoints()) {
      if (ep.redirection() != Redirection.NONE) {
        out.put(ep.name(), create(t, ep, secrets, transports));
      }
    }
    return out;
  }

  private static Redirector create(
      Topology t,
      EntryPoint ep,
      Function<String, String> secrets,
      Function<String, Transport> transports)
      throws UsageException {
    return switch (ep.redirection()) {
      case DNS -> new DnsRedirector(secrets);
      case LOAD_BALANCER -> new HaproxyRedirector();
      case HOSTS_FILE -> new HostsFileRedirector(transports.apply(node(t, ep)));
      case CONNECTION_STRING -> new ConnectionStringRedirector(transports.apply(node(t, ep)));
      case POOLER -> {
        node(t, ep);
        yield new PgBouncerRedirector(transports, secrets);
      }
      case SCRIPT, NONE ->
          throw new UsageException(
              "entry point "
                  + ep.name()
                  + " uses "
                  + ep.redirection().label()
                  + " redirection, which this build cannot drive yet");
    };
  }

  private static String node(Topology t, EntryPoint ep) throws UsageException {
    String node = ep.properties().get("node");
    if (node == null || t.node(node).isEmpty()) {
      throw new UsageException(
          "entry point "
              + ep.name()
              + " needs the property node naming the node whose "
              + ep.redirection().label()
              + " Baton edits");
    }
    return node;
  }
}
