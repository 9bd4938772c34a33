package dev.baton.drivers.pack;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;
import static dev.baton.topology.PropertyKey.family;

import dev.baton.model.Redirection;
import dev.baton.pack.Pack;
import dev.baton.pack.Template;
import dev.baton.topology.PropertyKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The properties the pack driver reads ({@link PackRenderer}), derived from the pack itself: a
 * component's {@code role}, and any var the pack declares or its templates use ({@code
 * {var:mediaDir}}), which a property of the same name overrides; an entry point's {@code node} and
 * {@code server.<component>}, and the vars of the pack's redirect commands.
 */
public final class PackProperties {

  private static final String VAR = "var";

  private PackProperties() {}

  /** What a component of a system described by {@code pack} may hold. */
  public static List<PropertyKey> component(Pack pack) {
    List<PropertyKey> out = new ArrayList<>();
    out.add(exact("role", "the component's role; picks its services and fills {role}", NO_DEFAULT));
    Map<String, String> vars = new TreeMap<>();
    used(pack.componentTemplates()).forEach(v -> vars.put(v, NO_DEFAULT));
    pack.kinds().values().forEach(k -> vars.putAll(k.vars()));
    vars.putAll(pack.vars());
    vars.forEach((name, dflt) -> out.add(var(pack, name, dflt)));
    return out;
  }

  /**
   * What an entry point redirected by {@code redirection} may hold for {@code pack}: nothing when
   * the pack has no commands for that redirection.
   */
  public static List<PropertyKey> entryPoint(Pack pack, Redirection redirection) {
    Pack.Script script = pack.redirect().get(redirection.label());
    if (script == null) {
      return List.of();
    }
    List<PropertyKey> out = new ArrayList<>();
    out.add(exact("node", "the node the redirect commands run on", "the pointed-at's node"));
    out.add(
        family(
            "server.",
            "component",
            "the address {to-host} gives for a component",
            "the component's node's host"));
    Map<String, String> vars = new TreeMap<>();
    used(script.run().stream()).forEach(v -> vars.put(v, NO_DEFAULT));
    vars.putAll(pack.vars());
    vars.forEach((name, dflt) -> out.add(var(pack, name, dflt)));
    return out;
  }

  private static PropertyKey var(Pack pack, String name, String dflt) {
    return exact(name, "overrides {var:" + name + "} of pack " + pack.name(), dflt);
  }

  private static List<String> used(Stream<Template> templates) {
    return templates
        .flatMap(t -> t.placeholders().stream())
        .filter(p -> VAR.equals(p.prefix()) && p.name() != null)
        .map(Template.Placeholder::name)
        .toList();
  }
}
