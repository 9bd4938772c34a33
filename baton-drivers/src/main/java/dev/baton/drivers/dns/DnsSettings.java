package dev.baton.drivers.dns;

import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The DNS settings of one entry point, read and checked from its properties; see {@link
 * DnsRedirector} for the property names.
 */
record DnsSettings(
    String entryPoint,
    InetSocketAddress server,
    Name zone,
    Name record,
    Name keyName,
    Name algorithm,
    String secretName,
    long ttl,
    long switchTtl,
    Map<String, InetAddress> addresses) {

  static final String ADDRESS = "address.";

  /** Reads the settings; a missing or bad property is a sentence naming the entry point and key. */
  static DnsSettings of(EntryPoint ep) throws DriverException {
    try {
      Name zone = name(ep, "zone");
      Name record = name(ep, "record");
      if (!record.subdomain(zone)) {
        throw bad(ep, "record", "is not in the zone " + zone);
      }
      return new DnsSettings(
          ep.name(),
          server(ep),
          zone,
          record,
          name(ep, "tsigKeyName"),
          algorithm(ep),
          ep.require("tsigSecret"),
          ttl(ep, "ttl", 300),
          ttl(ep, "switchTtl", 10),
          addresses(ep));
    } catch (IllegalArgumentException e) {
      // EntryPoint.require and the parsers below all speak in operator sentences.
      throw new DriverException(e.getMessage(), "");
    }
  }

  /** The address of {@code component}, or a sentence naming the property that is missing. */
  InetAddress address(String component) throws DriverException {
    InetAddress a = addresses.get(component);
    if (a == null) {
      throw new DriverException(
          "entry point "
              + entryPoint
              + " needs the property "
              + ADDRESS
              + component
              + " (the IPv4 address of "
              + component
              + ") for dns redirection",
          "");
    }
    return a;
  }

  /** The one component whose address is {@code a}; empty when none or several share it. */
  Optional<String> component(InetAddress a) {
    List<String> named =
        addresses.entrySet().stream()
            .filter(e -> e.getValue().equals(a))
            .map(Map.Entry::getKey)
            .toList();
    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
  }

  private static InetSocketAddress server(EntryPoint ep) {
    String v = ep.require("server").strip();
    int colon = v.lastIndexOf(':');
    try {
      int port = Integer.parseInt(v.substring(colon + 1));
      InetSocketAddress a = new InetSocketAddress(v.substring(0, colon), port);
      if (colon > 0 && !a.isUnresolved()) {
        return a;
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // Reported below with what was expected.
    }
    throw bad(ep, "server", "'" + v + "' is not host:port, e.g. 127.0.0.1:53");
  }

  private static Name name(EntryPoint ep, String key) {
    String v = ep.require(key).strip();
    try {
      return Name.fromString(v, Name.root);
    } catch (IOException e) {
      throw bad(ep, key, "'" + v + "' is not a DNS name");
    }
  }

  private static Name algorithm(EntryPoint ep) {
    String v = ep.properties().getOrDefault("tsigAlgorithm", "hmac-sha256").strip();
    try {
      return TSIG.algorithmToName(v);
    } catch (IllegalArgumentException e) {
      throw bad(ep, "tsigAlgorithm", "'" + v + "' is not a TSIG algorithm, e.g. hmac-sha256");
    }
  }

  private static long ttl(EntryPoint ep, String key, long dflt) {
    String v = ep.properties().get(key);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      long ttl = Long.parseLong(v.strip());
      if (ttl >= 0 && ttl <= Integer.MAX_VALUE) {
        return ttl;
      }
    } catch (NumberFormatException e) {
      // Reported below with what was expected.
    }
    throw bad(ep, key, "'" + v + "' is not a TTL in seconds");
  }

  private static Map<String, InetAddress> addresses(EntryPoint ep) {
    Map<String, InetAddress> byComponent = new TreeMap<>();
    ep.properties()
        .forEach(
            (k, v) -> {
              if (k.startsWith(ADDRESS)) {
                byComponent.put(k.substring(ADDRESS.length()), ipv4(ep, k, v));
              }
            });
    return byComponent;
  }

  private static InetAddress ipv4(EntryPoint ep, String key, String v) {
    try {
      return Address.getByAddress(v.strip(), Address.IPv4);
    } catch (IOException e) {
      throw bad(ep, key, "'" + v + "' is not an IPv4 address");
    }
  }

  private static IllegalArgumentException bad(EntryPoint ep, String key, String why) {
    return new IllegalArgumentException(
        "entry point " + ep.name() + " has a bad property " + key + ": " + why);
  }
}
