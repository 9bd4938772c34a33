package dev.baton.pack;

import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The placeholders one template may use: what its target, the vars in reach and its verb fill. */
record Scope(List<String> bare, Set<String> vars, List<String> params) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  Scope {
    bare = List.copyOf(bare);
    vars = Set.copyOf(vars);
    params = List.copyOf(params);
  }

  /** What a command for {@code target} knows, with the vars {@code vars} in reach. */
  static Scope of(Verb.Target target, Set<String> vars) {
    List<String> bare =
        switch (target) {
          case COMPONENT -> List.of("component", "node", "host", "kind", "role");
          case LINK -> List.of("link", "from", "to", "from-host", "to-host", "node", "host");
          case ENTRY_POINT -> List.of("entry", "to", "to-host", "node", "host");
          case NODE -> List.of("node", "host");
          case ANY -> List.of();
        };
    return new Scope(bare, vars, List.of());
  }

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
