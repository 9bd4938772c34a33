package dev.baton.pack;

import dev.baton.model.ProductTerms;
import dev.baton.plan.Verb;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One product's knowledge as data, loaded from {@code packs/<name>.yaml}: the Windows services of
 * each component kind, the PowerShell commands of each verb, named SQL, and the probes that read
 * facts; and what it tells strategies ({@link ProductTerms}). Pure data: the drivers render it into
 * commands.
 */
public record Pack(
    String name,
    String product,
    String seed,
    Map<String, String> vars,
    Map<String, Template> sql,
    Map<String, Kind> kinds,
    Map<String, Map<Verb, Script>> replication,
    Map<String, Script> redirect,
    Map<Verb, Script> nodeVerbs,
    ProductTerms terms) {

  public Pack {
    vars = Map.copyOf(vars);
    sql = Map.copyOf(sql);
    kinds = Map.copyOf(kinds);
    replication = Map.copyOf(replication);
    redirect = Map.copyOf(redirect);
    nodeVerbs = Map.copyOf(nodeVerbs);
  }

  /** What a pack knows about one component kind. */
  public record Kind(
      String name,
      Map<String, List<String>> services,
      Map<String, String> vars,
      Map<Verb, Script> verbs,
      Map<ProbeKind, Probe> probes) {

    /** The key of the service list that applies to every role. */
    public static final String ANY_ROLE = "";

    public Kind {
      services = Map.copyOf(services);
      vars = Map.copyOf(vars);
      verbs = Map.copyOf(verbs);
      probes = Map.copyOf(probes);
    }

    /** The services of a component with this role, in start order. */
    public Optional<List<String>> servicesFor(String role) {
      List<String> byRole = role == null ? null : services.get(role);
      return Optional.ofNullable(byRole != null ? byRole : services.get(ANY_ROLE));
    }
  }

  /** The commands of one verb, the seed section they come from, and how long each may take. */
  public record Script(String verb, String source, List<Template> run, Duration timeout) {
    public Script {
      run = List.copyOf(run);
    }
  }

  /** A command that reads one fact and the pattern that finds the value in its output. */
  public record Probe(
      ProbeKind kind, String source, Template run, Pattern parse, Duration timeout) {}

  /**
   * What a pack command for {@code verb} acts on: a check looks at a component; of the entry-point
   * verbs a pack gives commands only to redirect (prepare and settle need no command).
   */
  public static Optional<Verb.Target> targetOf(Verb verb) {
    if (verb == Verb.CHECK) {
      return Optional.of(Verb.Target.COMPONENT);
    }
    if (verb.target() == Verb.Target.ENTRY_POINT && verb != Verb.REDIRECT) {
      return Optional.empty();
    }
    return Optional.of(verb.target());
  }

  /** The labels of the verbs a pack may give commands for on a {@code target}. */
  static List<String> labels(Verb.Target target) {
    return Arrays.stream(Verb.values())
        .filter(v -> targetOf(v).equals(Optional.of(target)))
        .map(Verb::label)
        .toList();
  }

  /** The verbs this pack gives commands for, anywhere, and check, which needs none. */
  public Set<Verb> verbs() {
    Set<Verb> all = EnumSet.of(Verb.CHECK);
    kinds.values().forEach(k -> all.addAll(k.verbs().keySet()));
    replication.values().forEach(r -> all.addAll(r.keySet()));
    if (!redirect.isEmpty()) {
      all.add(Verb.REDIRECT);
    }
    all.addAll(nodeVerbs.keySet());
    return Collections.unmodifiableSet(all);
  }

  /** The kind a component of this pack needs, or an explanation that it is not covered. */
  public Kind kind(String kindName) {
    Kind k = kinds.get(kindName);
    if (k == null) {
      throw new IllegalArgumentException(
          "pack " + name + " has no component kind " + kindName + "; it knows " + kinds.keySet());
    }
    return k;
  }

  /**
   * The templates a component's properties fill: its kind's verbs and probes, the replication
   * commands of links from it, and the named SQL those use.
   */
  public java.util.stream.Stream<Template> componentTemplates() {
    return java.util.stream.Stream.of(
            sql().values().stream(),
            kinds().values().stream()
                .flatMap(
                    k ->
                        java.util.stream.Stream.concat(
                            k.verbs().values().stream().flatMap(s -> s.run().stream()),
                            k.probes().values().stream().map(Probe::run))),
            replication().values().stream()
                .flatMap(m -> m.values().stream())
                .flatMap(s -> s.run().stream()))
        .flatMap(s -> s);
  }
}
