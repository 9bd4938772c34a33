package dev.baton.app.wiring;

import dev.baton.app.watch.AliveCheck;
import dev.baton.drivers.dns.DnsRedirector;
import dev.baton.drivers.fence.Fencing;
import dev.baton.drivers.files.ConnectionStringRedirector;
import dev.baton.drivers.files.HostsFileRedirector;
import dev.baton.drivers.haproxy.HaproxyRedirector;
import dev.baton.drivers.pack.PackProperties;
import dev.baton.drivers.pooler.PgBouncerRedirector;
import dev.baton.drivers.postgresql.PgProperties;
import dev.baton.drivers.sim.SimProperties;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import dev.baton.model.Topology;
import dev.baton.pack.Pack;
import dev.baton.strategy.StrategyProperties;
import dev.baton.topology.BadInputException;
import dev.baton.topology.ErrorList;
import dev.baton.topology.KnownProperties;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.Pointers;
import dev.baton.topology.PropertyKey;
import dev.baton.topology.TopologyLoader;
import dev.baton.topology.UnknownProperties;
import java.util.List;
import java.util.Optional;

/**
 * Which keys a topology's {@code properties} may hold: what its driver reads, what its pack's
 * commands use, what each entry point's redirection reads, and what the strategies and {@code
 * watch} read whatever the driver. Any other key is bad input, refused before anything runs.
 */
public final class PropertyRules {

  private PropertyRules() {}

  /**
   * Refuses every unknown key of {@code lt} at its file:line:column, after loading and fitting the
   * pack it names (whose problems are bad input too).
   */
  public static void check(LoadedTopology lt) throws BadInputException {
    Topology t = lt.topology();
    Optional<Pack> pack = Drivers.packs().loadFor(lt);
    KnownProperties components = forComponents(t, pack);
    UnknownProperties.check(lt, c -> components, e -> forEntryPoint(e, pack));
    if ("postgresql".equals(t.driver())) {
      checkFencing(lt);
    }
  }

  /**
   * A fence that cannot work is found at validate, not when a failover needs it: each component's
   * fencing properties must make sense ({@link Fencing#of}), reported at the {@code fence} key (or
   * {@code fenceAgent}, {@code fenceTimeout}, whichever is written).
   */
  private static void checkFencing(LoadedTopology lt) throws BadInputException {
    ErrorList errors = TopologyLoader.errorsIn(lt);
    List<Component> cs = lt.topology().components();
    for (int i = 0; i < cs.size(); i++) {
      Component c = cs.get(i);
      try {
        Fencing.of(c);
      } catch (IllegalArgumentException e) {
        String key =
            java.util.stream.Stream.of(Fencing.FENCE, Fencing.TIMEOUT, Fencing.AGENT)
                .filter(k -> e.getMessage().contains(k) && c.properties().containsKey(k))
                .findFirst()
                .orElse(
                    c.properties().keySet().stream()
                        .filter(k -> k.startsWith("fence"))
                        .sorted()
                        .findFirst()
                        .orElse(Fencing.FENCE));
        String at = Pointers.child(Pointers.child("/components/" + i, "properties"), key);
        if (c.properties().containsKey(key)) {
          errors.at(at, e.getMessage());
        } else {
          errors.at(Pointers.child("/components/" + i, "properties"), e.getMessage());
        }
      }
    }
    errors.throwIfAny();
  }

  /** What a component of {@code t} may hold. */
  static KnownProperties forComponents(Topology t, Optional<Pack> pack) {
    List<PropertyKey> driver =
        switch (t.driver()) {
          case "postgresql" -> PgProperties.COMPONENT;
          case "sim" -> SimProperties.COMPONENT;
          default -> List.of();
        };
    List<PropertyKey> fromPack = pack.map(PackProperties::component).orElse(List.of());
    String owner =
        "the " + t.driver() + " driver" + pack.map(p -> " with pack " + p.name()).orElse("");
    return KnownProperties.of(
        owner, driver, fromPack, StrategyProperties.COMPONENT, AliveCheck.PROPERTIES);
  }

  /** What an entry point may hold: its redirection's keys, and its pack's for that redirection. */
  static KnownProperties forEntryPoint(EntryPoint e, Optional<Pack> pack) {
    List<PropertyKey> fromPack =
        pack.map(p -> PackProperties.entryPoint(p, e.redirection())).orElse(List.of());
    String owner =
        e.redirection().label()
            + " redirection"
            + (fromPack.isEmpty() ? "" : " with pack " + pack.get().name());
    return KnownProperties.of(
        owner, redirector(e.redirection()), fromPack, StrategyProperties.ENTRY_POINT);
  }

  private static List<PropertyKey> redirector(Redirection r) {
    return switch (r) {
      case DNS -> DnsRedirector.PROPERTIES;
      case LOAD_BALANCER -> HaproxyRedirector.PROPERTIES;
      case HOSTS_FILE -> HostsFileRedirector.PROPERTIES;
      case CONNECTION_STRING -> ConnectionStringRedirector.PROPERTIES;
      case POOLER -> PgBouncerRedirector.PROPERTIES;
      case SCRIPT, NONE -> List.of();
    };
  }
}
