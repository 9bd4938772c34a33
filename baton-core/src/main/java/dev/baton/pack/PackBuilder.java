package dev.baton.pack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.Redirection;
import dev.baton.pack.Pack.Kind;
import dev.baton.pack.Pack.Probe;
import dev.baton.pack.Pack.Script;
import dev.baton.plan.Verb;
import dev.baton.topology.ErrorList;
import dev.baton.topology.Pointers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a pack tree into a {@link Pack}, reporting what the schema cannot judge: verb and probe
 * names, placeholders and probe patterns. It reads only values of the shape the schema asks for and
 * leaves the rest to the schema's own errors.
 */
final class PackBuilder {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
  private static final List<String> REDIRECTIONS =
      Arrays.stream(Redirection.values())
          .filter(r -> r != Redirection.NONE)
          .map(Redirection::label)
          .toList();

  private final ErrorList errors;
  private final Duration timeout;
  private final Map<String, String> packVars;
  private final Templates templates;

  private PackBuilder(JsonNode root, ErrorList errors) {
    this.errors = errors;
    this.timeout = seconds(root.path("timeoutSeconds"), DEFAULT_TIMEOUT);
    this.packVars = strings(root.path("vars"));
    Map<String, Template> sql = new LinkedHashMap<>();
    texts(fields(root.path("sql"))).forEach((name, q) -> sql.put(name, Template.of(q)));
    this.templates = new Templates(sql, errors);
  }

  static Pack build(JsonNode root, ErrorList errors) {
    PackBuilder b = new PackBuilder(root, errors);
    Map<String, Kind> kinds = new LinkedHashMap<>();
    fields(root.path("kinds"))
        .forEach((k, n) -> kinds.put(k, b.kind(k, n, Pointers.child("/kinds", k))));
    Set<String> anyKindVars = new LinkedHashSet<>(b.packVars.keySet());
    kinds.values().forEach(k -> anyKindVars.addAll(k.vars().keySet()));
    Map<String, Map<Verb, Script>> replication = new LinkedHashMap<>();
    fields(root.path("replication"))
        .forEach(
            (name, n) ->
                replication.put(
                    name,
                    b.verbs(
                        n,
                        Pointers.child("/replication", name),
                        Verb.Target.LINK,
                        Scope.of(Verb.Target.LINK, anyKindVars),
                        "replication " + name)));
    String name = root.path("pack").asText("");
    return new Pack(
        name,
        root.path("product").asText(""),
        root.path("seed").asText(""),
        b.packVars,
        b.templates.sql(),
        kinds,
        replication,
        b.redirect(root.path("redirect")),
        b.verbs(
            root.path("nodes"),
            "/nodes",
            Verb.Target.NODE,
            Scope.of(Verb.Target.NODE, b.packVars.keySet()),
            "nodes"),
        TermsBuilder.build(root, name, kinds.keySet(), errors));
  }

  private Kind kind(String name, JsonNode n, String pointer) {
    String where = "kind " + name;
    Map<String, List<String>> services = services(n.path("services"));
    Map<String, String> vars = strings(n.path("vars"));
    Set<String> known = new LinkedHashSet<>(packVars.keySet());
    known.addAll(vars.keySet());
    Scope scope = Scope.of(Verb.Target.COMPONENT, known);
    if (!services.isEmpty()) {
      scope = scope.with("services");
    }
    Map<Verb, Script> verbs =
        verbs(n.path("verbs"), pointer + "/verbs", Verb.Target.COMPONENT, scope, where);
    Map<ProbeKind, Probe> probes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> p : fields(n.path("probes")).entrySet()) {
      String at = Pointers.child(pointer + "/probes", p.getKey());
      Optional<ProbeKind> kind = ProbeKind.parse(p.getKey());
      if (kind.isEmpty()) {
        unknown(at, p.getKey(), where + " probes", ProbeKind.labels());
        continue;
      }
      probe(p.getValue(), at, kind.get(), scope).ifPresent(probe -> probes.put(kind.get(), probe));
    }
    return new Kind(name, services, vars, verbs, probes);
  }

  private Map<String, List<String>> services(JsonNode n) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (n.isObject()) {
      fields(n).forEach((role, list) -> out.put(role, texts(list)));
    } else if (!n.isMissingNode()) {
      out.put(Kind.ANY_ROLE, texts(n));
    }
    return out;
  }

  private Map<String, Script> redirect(JsonNode n) {
    Map<String, Script> out = new LinkedHashMap<>();
    Scope scope = Scope.of(Verb.Target.ENTRY_POINT, packVars.keySet());
    for (Map.Entry<String, JsonNode> r : fields(n).entrySet()) {
      String at = Pointers.child("/redirect", r.getKey());
      if (!REDIRECTIONS.contains(r.getKey())) {
        unknown(at, r.getKey(), "redirect", REDIRECTIONS);
        continue;
      }
      script(r.getValue(), at, Verb.REDIRECT, scope.params(Verb.REDIRECT.params()))
          .ifPresent(s -> out.put(r.getKey(), s));
    }
    return out;
  }

  private Map<Verb, Script> verbs(
      JsonNode n, String pointer, Verb.Target target, Scope scope, String where) {
    Map<Verb, Script> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> v : fields(n).entrySet()) {
      String at = Pointers.child(pointer, v.getKey());
      Optional<Verb> verb =
          Verb.parse(v.getKey()).filter(x -> Pack.targetOf(x).equals(Optional.of(target)));
      if (verb.isEmpty()) {
        unknown(at, v.getKey(), "the verbs of " + where, Pack.labels(target));
        continue;
      }
      script(v.getValue(), at, verb.get(), scope.params(verb.get().params()))
          .ifPresent(s -> out.put(verb.get(), s));
    }
    return out;
  }

  private Optional<Script> script(JsonNode n, String pointer, Verb verb, Scope scope) {
    String where = "verb " + verb.label();
    JsonNode run = n.path("run");
    List<Template> lines = new ArrayList<>();
    if (run.isTextual()) {
      lines.add(templates.checked(run.asText(), pointer + "/run", scope, where));
    }
    for (int i = 0; run.isArray() && i < run.size(); i++) {
      if (run.get(i).isTextual()) {
        lines.add(templates.checked(run.get(i).asText(), pointer + "/run/" + i, scope, where));
      }
    }
    if (lines.isEmpty() || lines.stream().anyMatch(t -> t.text().isBlank())) {
      return Optional.empty(); // the schema says what is missing
    }
    return Optional.of(
        new Script(
            verb.label(),
            n.path("source").asText(""),
            lines,
            seconds(n.path("timeoutSeconds"), timeout)));
  }

  private Optional<Probe> probe(JsonNode n, String pointer, ProbeKind kind, Scope scope) {
    String where = "probe " + kind.label();
    JsonNode run = n.path("run");
    JsonNode parse = n.path("parse");
    if (!run.isTextual() || !parse.isTextual()) {
      return Optional.empty(); // the schema says what is missing
    }
    Template t = templates.checked(run.asText(), pointer + "/run", scope, where);
    Optional<Pattern> pattern = pattern(parse.asText(), pointer + "/parse", kind, where);
    return pattern.map(
        p ->
            new Probe(
                kind,
                n.path("source").asText(""),
                t,
                p,
                seconds(n.path("timeoutSeconds"), timeout)));
  }

  private Optional<Pattern> pattern(String regex, String pointer, ProbeKind kind, String where) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex, Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      errors.at(pointer, where + " parse is not a valid pattern: " + e.getDescription());
      return Optional.empty();
    }
    for (String g : kind.groups()) {
      if (!regex.contains("(?<" + g + ">")) {
        errors.at(pointer, where + " parse must capture a group named " + g);
      }
    }
    if (kind.groups().isEmpty() && pattern.matcher("").groupCount() < 1) {
      errors.at(pointer, where + " parse must capture the value in a group ( )");
    }
    return Optional.of(pattern);
  }

  private void unknown(String pointer, String key, String where, Collection<String> allowed) {
    errors.atKey(
        pointer,
        "unknown key '"
            + key
            + "' in "
            + where
            + "; expected one of "
            + allowed.stream().sorted().toList());
  }

  // ---- reading values of the shape the schema asks for; anything else it has reported ----

  static Map<String, JsonNode> fields(JsonNode n) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** A value or a list of values, as text. */
  private static List<String> texts(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isTextual()) {
      out.add(n.asText());
    }
    for (int i = 0; n.isArray() && i < n.size(); i++) {
      if (n.get(i).isTextual()) {
        out.add(n.get(i).asText());
      }
    }
    return out;
  }

  /** The members of a mapping whose values are text. */
  private static Map<String, String> texts(Map<String, JsonNode> members) {
    Map<String, String> out = new LinkedHashMap<>();
    members.forEach((k, v) -> out.put(k, v.isTextual() ? v.asText() : ""));
    return out;
  }

  private static Map<String, String> strings(JsonNode n) {
    return texts(fields(n));
  }

  private static Duration seconds(JsonNode n, Duration fallback) {
    return n.canConvertToInt() && n.isIntegralNumber() && n.asInt() > 0
        ? Duration.ofSeconds(n.asInt())
        : fallback;
  }
}
