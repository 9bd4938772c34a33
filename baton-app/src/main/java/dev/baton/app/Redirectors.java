package dev.baton.app;

import dev.baton.drivers.dns.DnsRedirector;
import dev.baton.drivers.redirect.Redirector;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import dev.baton.model.Topology;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** The redirectors a topology's entry points need, one per redirection method in use. */
final class Redirectors {
  private Redirectors() {}

  static Map<Redirection, Redirector> forTopology(Topology t, Function<String, String> secrets)
      throws UsageException {
    Map<Redirection, Redirector> out = new EnumMap<>(Redirection.class);
    for (EntryPoint ep : t.entryPoints()) {
      if (ep.redirection() == Redirection.NONE
          || out.containsKey(ep.redirection())
          || "sim".equals(t.driver())) {
        continue;
      }
      out.put(ep.redirection(), create(ep, secrets));
    }
    return out;
  }

  private static Redirector create(EntryPoint ep, Function<String, String> secrets)
      throws UsageException {
    return switch (ep.redirection()) {
      case DNS -> new DnsRedirector(secrets);
      default ->
          throw new UsageException(
              "entry point "
                  + ep.name()
                  + " uses "
                  + ep.redirection().label()
                  + " redirection, which this build cannot drive yet");
    };
  }
}
