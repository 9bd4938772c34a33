package dev.baton.pack;

import dev.baton.model.Component;
import dev.baton.model.SecretRef;
import dev.baton.topology.BadInputException;
import dev.baton.topology.ErrorList;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks that a topology and the pack it names fit each other, at the topology's file:line:column:
 * every component kind is one the pack describes, and every secret the pack's commands use is one
 * the topology declares (by reference). A mismatch is bad input at {@code validate}, not a surprise
 * at step 12.
 */
public final class PackFit {

  private PackFit() {}

  public static void check(LoadedTopology lt, Pack pack) throws BadInputException {
    ErrorList errors = TopologyLoader.errorsIn(lt);
    List<Component> components = lt.topology().components();
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      if (!pack.kinds().containsKey(c.kind())) {
        errors.at(
            "/components/" + i + "/kind",
            "component %s is of kind '%s', which pack %s does not describe; its kinds: %s"
                .formatted(
                    c.name(), c.kind(), pack.name(), String.join(", ", pack.kinds().keySet())));
      }
    }
    Set<String> declared = new TreeSet<>();
    lt.topology().secrets().stream().map(SecretRef::name).forEach(declared::add);
    for (String used : secretsUsed(pack)) {
      if (!declared.contains(used)) {
        errors.at(
            "/pack",
            "pack %s uses the secret '%s' ({secret:%s}), which the topology does not declare;"
                    .formatted(pack.name(), used, used)
                + " declared secrets: "
                + (declared.isEmpty() ? "none" : String.join(", ", declared)));
      }
    }
    errors.throwIfAny();
  }

  /** The secret names every template of the pack uses, sorted. */
  static Set<String> secretsUsed(Pack pack) {
    Set<String> out = new TreeSet<>();
    Stream<Template> templates =
        Stream.of(
                pack.componentTemplates(),
                pack.redirect().values().stream().flatMap(s -> s.run().stream()),
                pack.nodeVerbs().values().stream().flatMap(s -> s.run().stream()))
            .flatMap(s -> s);
    templates.forEach(
        t ->
            t.placeholders().stream()
                .filter(p -> "secret".equals(p.prefix()) || "fingerprint".equals(p.prefix()))
                .forEach(p -> out.add(p.name())));
    return out;
  }
}
