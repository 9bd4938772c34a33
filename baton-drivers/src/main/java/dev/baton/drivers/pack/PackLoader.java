package dev.baton.drivers.pack;

import dev.baton.drivers.pack.Pack.Kind;
import dev.baton.drivers.pack.Pack.Probe;
import dev.baton.drivers.pack.Pack.Script;
import dev.baton.drivers.pack.YamlTree.At;
import dev.baton.drivers.pack.YamlTree.ListNode;
import dev.baton.drivers.pack.YamlTree.MapNode;
import dev.baton.drivers.pack.YamlTree.Member;
import dev.baton.drivers.pack.YamlTree.Node;
import dev.baton.drivers.pack.YamlTree.Scalar;
import dev.baton.plan.Verb;
import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a pack file and refuses it, with every problem at its file:line:column, when a key is
 * unknown, a declared verb has no command, or a template names a placeholder nobody can fill.
 */
public final class PackLoader {

  private static final Set<String> TOP =
      Set.of(
          "pack",
          "product",
          "seed",
          "timeoutSeconds",
          "vars",
          "sql",
          "kinds",
          "replication",
          "redirect",
          "nodes");
  private static final Set<String> KIND = Set.of("services", "vars", "verbs", "probes");
  private static final Set<String> SCRIPT = Set.of("source", "run", "timeoutSeconds");
  private static final Set<String> PROBE = Set.of("source", "run", "parse", "timeoutSeconds");
  private static final Set<String> REDIRECTIONS =
      Set.of("dns", "hosts-file", "connection-string", "load-balancer", "script");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  private final String source;
  private final Set<InputError> errors = new LinkedHashSet<>();
  private Duration timeout = Duration.ofSeconds(300);
  private Map<String, String> packVars = Map.of();
  private final Map<String, Template> sql = new LinkedHashMap<>();

  private PackLoader(String source) {
    this.source = source;
  }

  /** Reads and checks the pack in {@code file}. */
  public static Pack load(Path file) throws BadInputException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new BadInputException(
          new InputError(file.toString(), 1, 1, "cannot read the pack " + file + ": " + e));
    }
    return parse(text.startsWith("\uFEFF") ? text.substring(1) : text, file.toString());
  }

  /** Checks the pack in {@code text}; {@code source} is what errors cite as the file. */
  public static Pack parse(String text, String source) throws BadInputException {
    PackLoader loader = new PackLoader(source);
    Pack pack = loader.pack(YamlTree.read(text, source));
    if (!loader.errors.isEmpty()) {
      List<InputError> sorted = new ArrayList<>(loader.errors);
      sorted.sort(Comparator.comparingInt(InputError::line).thenComparingInt(InputError::column));
      throw new BadInputException(sorted);
    }
    return pack;
  }

  private Pack pack(Node root) {
    MapNode top = map(root, "a pack");
    keys(top, TOP, "a pack");
    String name = text(require(top, "pack", "a pack"), "the pack name");
    timeout = seconds(top.members().get("timeoutSeconds"), timeout);
    packVars = strings(top.members().get("vars"), "vars");
    for (Member m : members(top.members().get("sql"), "sql")) {
      sql.put(m.key(), Template.of(text(m, "SQL " + m.key()), m.value().at()));
    }
    Map<String, Kind> kinds = new LinkedHashMap<>();
    for (Member m : members(top.members().get("kinds"), "kinds")) {
      kinds.put(m.key(), kind(m));
    }
    Set<String> anyKindVars = new LinkedHashSet<>(packVars.keySet());
    kinds.values().forEach(k -> anyKindVars.addAll(k.vars().keySet()));
    Map<String, Map<Verb, Script>> replication = new LinkedHashMap<>();
    for (Member m : members(top.members().get("replication"), "replication")) {
      replication.put(
          m.key(),
          verbs(
              m, Verb.Target.LINK, scope(Verb.Target.LINK, anyKindVars), "replication " + m.key()));
    }
    Map<String, Script> redirect = new LinkedHashMap<>();
    for (Member m : members(top.members().get("redirect"), "redirect")) {
      if (!REDIRECTIONS.contains(m.key())) {
        unknown(m, "redirect", REDIRECTIONS);
      }
      Scope s = scope(Verb.Target.ENTRY_POINT, packVars.keySet());
      script(m, Verb.REDIRECT, s.params(Verb.REDIRECT.params()))
          .ifPresent(sc -> redirect.put(m.key(), sc));
    }
    Map<Verb, Script> nodeVerbs = Map.of();
    if (top.members().containsKey("nodes")) {
      nodeVerbs =
          verbs(
              top.members().get("nodes"),
              Verb.Target.NODE,
              scope(Verb.Target.NODE, packVars.keySet()),
              "nodes");
    }
    return new Pack(
        name,
        optional(top, "product"),
        optional(top, "seed"),
        packVars,
        sql,
        kinds,
        replication,
        redirect,
        nodeVerbs);
  }

  private Kind kind(Member member) {
    String where = "kind " + member.key();
    MapNode m = map(member.value(), where);
    keys(m, KIND, where);
    Map<String, List<String>> services = services(m.members().get("services"), where);
    Map<String, String> vars = strings(m.members().get("vars"), where + " vars");
    Set<String> known = new LinkedHashSet<>(packVars.keySet());
    known.addAll(vars.keySet());
    Scope scope = scope(Verb.Target.COMPONENT, known);
    if (!services.isEmpty()) {
      scope = scope.with("services");
    }
    Map<Verb, Script> verbs =
        m.members().containsKey("verbs")
            ? verbs(m.members().get("verbs"), Verb.Target.COMPONENT, scope, where)
            : Map.of();
    Map<ProbeKind, Probe> probes = new LinkedHashMap<>();
    for (Member p : members(m.members().get("probes"), where + " probes")) {
      Optional<ProbeKind> pk = ProbeKind.parse(p.key());
      if (pk.isEmpty()) {
        unknown(p, where + " probes", ProbeKind.labels());
        continue;
      }
      probe(p, pk.get(), scope).ifPresent(probe -> probes.put(pk.get(), probe));
    }
    return new Kind(member.key(), services, vars, verbs, probes);
  }

  private Map<String, List<String>> services(Member member, String where) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (member == null) {
      return out;
    }
    if (member.value() instanceof MapNode byRole) {
      for (Member role : byRole.members().values()) {
        out.put(role.key(), list(role, where + " services of role " + role.key()));
      }
    } else {
      out.put(Kind.ANY_ROLE, list(member, where + " services"));
    }
    return out;
  }

  private Map<Verb, Script> verbs(Member member, Verb.Target target, Scope scope, String where) {
    Map<Verb, Script> out = new LinkedHashMap<>();
    for (Member v : members(member, where)) {
      Optional<Verb> verb =
          Verb.parse(v.key()).filter(x -> Pack.targetOf(x).equals(Optional.of(target)));
      if (verb.isEmpty()) {
        unknown(v, "the verbs of " + where, Pack.labels(target));
        continue;
      }
      script(v, verb.get(), scope.params(verb.get().params()))
          .ifPresent(s -> out.put(verb.get(), s));
    }
    return out;
  }

  private Optional<Script> script(Member member, Verb verb, Scope scope) {
    String where = "verb " + member.key();
    MapNode m = map(member.value(), where);
    keys(m, SCRIPT, where);
    Member run = m.members().get("run");
    List<String> lines = run == null ? List.of() : list(run, where + " run");
    if (lines.isEmpty() || lines.stream().anyMatch(String::isBlank)) {
      error(
          member.keyAt(), where + " declares no command: give it run: with one command or a list");
      return Optional.empty();
    }
    List<Template> templates = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      At at = run.value() instanceof ListNode l ? l.items().get(i).at() : run.value().at();
      Template t = Template.of(lines.get(i), at);
      check(t, scope, where);
      templates.add(t);
    }
    return Optional.of(
        new Script(
            verb.label(),
            optional(m, "source"),
            templates,
            seconds(m.members().get("timeoutSeconds"), timeout)));
  }

  private Optional<Probe> probe(Member member, ProbeKind kind, Scope scope) {
    String where = "probe " + member.key();
    MapNode m = map(member.value(), where);
    keys(m, PROBE, where);
    Member run = m.members().get("run");
    Member parse = m.members().get("parse");
    if (run == null || parse == null) {
      error(
          member.keyAt(),
          where + " needs run: (the command) and parse: (a pattern for its output)");
      return Optional.empty();
    }
    Template t = Template.of(text(run, where + " run"), run.value().at());
    check(t, scope, where);
    Pattern pattern;
    try {
      pattern = Pattern.compile(text(parse, where + " parse"), Pattern.MULTILINE);
    } catch (PatternSyntaxException e) {
      error(parse.value().at(), where + " parse is not a valid pattern: " + e.getDescription());
      return Optional.empty();
    }
    String groups = pattern.pattern();
    for (String g : kind.groups) {
      if (!groups.contains("(?<" + g + ">")) {
        error(parse.value().at(), where + " parse must capture a group named " + g);
      }
    }
    if (kind.groups.isEmpty() && pattern.matcher("").groupCount() < 1) {
      error(parse.value().at(), where + " parse must capture the value in a group ( )");
    }
    return Optional.of(
        new Probe(
            kind,
            optional(m, "source"),
            t,
            pattern,
            seconds(m.members().get("timeoutSeconds"), timeout)));
  }

  /** Every placeholder of {@code t} must be one the scope can fill; SQL is checked where used. */
  private void check(Template t, Scope scope, String where) {
    if (t.text().contains("\"")) {
      error(t.at(), where + ": a command may not contain a double quote; use single quotes");
    }
    for (Template.Placeholder p : t.placeholders()) {
      if (p.prefix().equals("sql") && p.name() != null) {
        Template q = sql.get(p.name());
        if (q == null) {
          error(
              t.at(),
              where + ": unknown placeholder " + p + "; the pack declares sql " + sql.keySet());
        } else {
          checkSql(q, scope, p.name(), where);
        }
      } else if (!scope.fills(p)) {
        error(t.at(), where + ": unknown placeholder " + p + "; known here: " + scope.describe());
      }
    }
  }

  private void checkSql(Template q, Scope scope, String name, String user) {
    for (Template.Placeholder p : q.placeholders()) {
      boolean fine = !p.prefix().equals("sql") && !p.prefix().equals("services") && scope.fills(p);
      if (!fine) {
        error(
            q.at(),
            "sql "
                + name
                + " (used by "
                + user
                + "): unknown placeholder "
                + p
                + "; known here: "
                + scope.describe());
      }
    }
  }

  private Scope scope(Verb.Target target, Set<String> vars) {
    List<String> bare =
        switch (target) {
          case COMPONENT -> List.of("component", "node", "host", "kind", "role");
          case LINK -> List.of("link", "from", "to", "from-host", "to-host", "node", "host");
          case ENTRY_POINT -> List.of("entry", "to", "to-host", "node", "host");
          case NODE -> List.of("node", "host");
          case ANY -> List.of();
        };
    return new Scope(bare, Set.copyOf(vars), List.of());
  }

  /** The placeholders one template may use. */
  private record Scope(List<String> bare, Set<String> vars, List<String> params) {
    Scope with(String name) {
      List<String> more = new ArrayList<>(bare);
      more.add(name);
      return new Scope(more, vars, params);
    }

    Scope params(List<String> p) {
      return new Scope(bare, vars, p);
    }

    boolean fills(Template.Placeholder p) {
      if (p.name() == null) {
        return bare.contains(p.prefix());
      }
      return switch (p.prefix()) {
        case "var" -> vars.contains(p.name());
        case "param" -> params.contains(p.name());
        case "secret", "fingerprint" -> NAME.matcher(p.name()).matches();
        default -> false;
      };
    }

    String describe() {
      List<String> out = new ArrayList<>(bare.stream().map(b -> "{" + b + "}").toList());
      vars.stream().sorted().forEach(v -> out.add("{var:" + v + "}"));
      params.forEach(p -> out.add("{param:" + p + "}"));
      out.add("{secret:NAME}");
      out.add("{fingerprint:NAME}");
      out.add("{sql:NAME}");
      return String.join(", ", out);
    }
  }

  // ---- tree helpers: each reports a problem where it was written and carries on ----

  private MapNode map(Node n, String what) {
    if (n instanceof MapNode m) {
      return m;
    }
    error(n.at(), what + " must be a mapping of keys");
    return new MapNode(n.at(), Map.of());
  }

  private List<Member> members(Member m, String what) {
    return m == null ? List.of() : List.copyOf(map(m.value(), what).members().values());
  }

  private void keys(MapNode m, Set<String> allowed, String where) {
    for (Member member : m.members().values()) {
      if (!allowed.contains(member.key())) {
        unknown(member, where, allowed);
      }
    }
  }

  private void unknown(Member m, String where, java.util.Collection<String> allowed) {
    error(
        m.keyAt(),
        "unknown key '"
            + m.key()
            + "' in "
            + where
            + "; expected one of "
            + allowed.stream().sorted().toList());
  }

  private Member require(MapNode m, String key, String where) {
    Member found = m.members().get(key);
    if (found == null) {
      error(m.at(), where + " needs the key " + key);
      return new Member(key, m.at(), new Scalar(m.at(), ""));
    }
    return found;
  }

  private String optional(MapNode m, String key) {
    Member found = m.members().get(key);
    return found == null ? "" : text(found, key);
  }

  private String text(Member m, String what) {
    if (m.value() instanceof Scalar s && s.text() != null) {
      return s.text();
    }
    error(m.value().at(), what + " must be a single value");
    return "";
  }

  private List<String> list(Member m, String what) {
    if (m.value() instanceof Scalar) {
      return List.of(text(m, what));
    }
    if (!(m.value() instanceof ListNode l)) {
      error(m.value().at(), what + " must be a value or a list of values");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Node item : l.items()) {
      if (item instanceof Scalar s && s.text() != null) {
        out.add(s.text());
      } else {
        error(item.at(), what + " must list single values");
      }
    }
    return out;
  }

  private Map<String, String> strings(Member m, String what) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Member v : members(m, what)) {
      out.put(v.key(), text(v, what + " " + v.key()));
    }
    return out;
  }

  private Duration seconds(Member m, Duration fallback) {
    if (m == null) {
      return fallback;
    }
    String t = text(m, m.key());
    if (!t.matches("[1-9][0-9]{0,6}")) {
      error(m.value().at(), m.key() + " must be a whole number of seconds, got '" + t + "'");
      return fallback;
    }
    return Duration.ofSeconds(Long.parseLong(t));
  }

  private void error(At at, String message) {
    errors.add(new InputError(source, at.line(), at.column(), message));
  }
}
