package dev.baton.drivers.dns;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.drivers.redirect.Redirector;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import dev.baton.topology.PropertyKey;
import java.net.InetAddress;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Redirects an entry point by replacing a DNS A record on its authoritative server with RFC 2136
 * updates signed with TSIG, lowering the record's TTL for the switch (seed 004: 10 s).
 *
 * <p>Entry point properties:
 *
 * <ul>
 *   <li>{@code server}: the zone's primary server as {@code host:port}, e.g. {@code
 *       127.0.0.1:15353}
 *   <li>{@code zone}: the zone, e.g. {@code baton.test.}
 *   <li>{@code record}: the A record's name, inside the zone, e.g. {@code db.baton.test.}
 *   <li>{@code tsigKeyName}: the TSIG key's name, e.g. {@code baton-key.}
 *   <li>{@code tsigAlgorithm}: optional, default {@code hmac-sha256}
 *   <li>{@code tsigSecret}: the name of the topology secret holding the base64 key (never the key)
 *   <li>{@code ttl}: optional, the record's normal TTL in seconds, default 300
 *   <li>{@code switchTtl}: optional, the TTL during a switch, default 10
 *   <li>{@code address.<component>}: the IPv4 address of each component, e.g. {@code address.pg-b:
 *       127.0.0.2}
 * </ul>
 */
public final class DnsRedirector implements Redirector {

  /** The entry point properties DNS redirection reads ({@link DnsSettings}). */
  public static final List<PropertyKey> PROPERTIES =
      List.of(
          exact("server", "the zone's primary server as host:port (required)", NO_DEFAULT),
          exact("zone", "the zone, e.g. baton.test. (required)", NO_DEFAULT),
          exact("record", "the A record's name, inside the zone (required)", NO_DEFAULT),
          exact("tsigKeyName", "the TSIG key's name (required)", NO_DEFAULT),
          exact("tsigAlgorithm", "the TSIG algorithm", "hmac-sha256"),
          exact("tsigSecret", "the topology secret holding the base64 TSIG key", NO_DEFAULT),
          exact("ttl", "the record's normal TTL in seconds", "300"),
          exact("switchTtl", "the record's TTL during a switch, in seconds", "10"),
          family(DnsSettings.ADDRESS, "component", "the IPv4 address of a component", NO_DEFAULT));

  private final Function<String, String> secretByName;

  /** {@code secretByName} gives a secret's value by its topology name, asked at each update. */
  public DnsRedirector(Function<String, String> secretByName) {
    this.secretByName = secretByName;
  }

  @Override
  public Optional<String> pointsAt(EntryPoint ep) throws DriverException {
    DnsSettings s = DnsSettings.of(ep);
    List<ARecord> records = new DnsServer(s).aRecords();
    return records.size() == 1 ? s.component(records.get(0).getAddress()) : Optional.empty();
  }

  /**
   * Lowers the record's TTL to {@code switchTtl}, keeping its addresses, so caches turn over fast.
   */
  @Override
  public ActionResult prepare(EntryPoint ep, String from, String to) throws DriverException {
    DnsSettings s = DnsSettings.of(ep);
    return setTtl(s, s.switchTtl());
  }

  @Override
  public ActionResult redirect(EntryPoint ep, String to) throws DriverException {
    DnsSettings s = DnsSettings.of(ep);
    InetAddress address = s.address(to);
    // Delete and add in one message: the server applies both or neither, with no empty moment.
    Update update = new Update(s.zone());
    update.delete(s.record(), Type.A);
    update.add(new ARecord(s.record(), DClass.IN, s.switchTtl(), address));
    String evidence = new DnsServer(s).update(update, key(s));
    String target = to + " (" + address.getHostAddress() + ")";
    return new ActionResult(ep.name() + ": " + s.record() + " updated to " + target, evidence);
  }

  /** Asks the authoritative server afresh: true iff {@code address.to} is the only A record. */
  @Override
  public boolean verify(EntryPoint ep, String to) throws DriverException {
    DnsSettings s = DnsSettings.of(ep);
    InetAddress expected = s.address(to);
    List<ARecord> records = new DnsServer(s).aRecords();
    return records.size() == 1 && records.get(0).getAddress().equals(expected);
  }

  /** Restores the record's normal TTL, keeping its addresses. */
  @Override
  public ActionResult settle(EntryPoint ep, String to) throws DriverException {
    DnsSettings s = DnsSettings.of(ep);
    return setTtl(s, s.ttl());
  }

  private ActionResult setTtl(DnsSettings s, long ttl) throws DriverException {
    DnsServer server = new DnsServer(s);
    List<ARecord> current = server.aRecords();
    String prefix = s.entryPoint() + ": " + s.record();
    if (current.isEmpty()) {
      return new ActionResult(prefix + " has no A record, so no TTL to set", "");
    }
    if (current.stream().allMatch(r -> r.getTTL() == ttl)) {
      return new ActionResult(prefix + " already has TTL " + ttl + " s", text(current));
    }
    Update update = new Update(s.zone());
    update.delete(s.record(), Type.A);
    current.forEach(r -> update.add(new ARecord(s.record(), DClass.IN, ttl, r.getAddress())));
    String evidence = server.update(update, key(s));
    return new ActionResult(prefix + " TTL set to " + ttl + " s", evidence);
  }

  private byte[] key(DnsSettings s) throws DriverException {
    String about = "the secret " + s.secretName() + " (tsigSecret of entry point " + s.entryPoint();
    String value;
    try {
      value = secretByName.apply(s.secretName());
    } catch (RuntimeException e) {
      throw new DriverException("cannot read " + about + "): " + e.getMessage(), "");
    }
    if (value == null || value.isBlank()) {
      throw new DriverException(about + ") is missing or empty", "");
    }
    try {
      return Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes a character of the key; say only what is wrong.
      throw new DriverException(about + ") is not a base64 TSIG key", "");
    }
  }

  private static String text(List<ARecord> records) {
    return records.stream().map(ARecord::toString).collect(Collectors.joining("\n"));
  }
}
