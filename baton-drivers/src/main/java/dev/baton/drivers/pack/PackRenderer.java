package dev.baton.drivers.pack;

import dev.baton.drivers.ssh.RemoteShell;
import dev.baton.drivers.transport.Command;
import dev.baton.engine.Redactor;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.pack.Pack;
import dev.baton.pack.Pack.Kind;
import dev.baton.pack.Pack.Probe;
import dev.baton.pack.Pack.Script;
import dev.baton.pack.ProbeKind;
import dev.baton.pack.Template;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a pack's templates into the commands one action or probe runs on one node. Every value is
 * quoted for the language it lands in (PowerShell, or SQL inside a {@code {sql:...}}), so a name, a
 * label or a secret is never read as code.
 */
public final class PackRenderer {

  /** The node to run on, the commands to run there in order, and the seed section they follow. */
  public record Rendered(String node, List<Command> commands, String source) {
    public Rendered {
      commands = List.copyOf(commands);
    }
  }

  // Without 'Stop', a failing cmdlet only writes an error and the script goes on.
  private static final String PREAMBLE = "$ErrorActionPreference = 'Stop'; ";

  private final Pack pack;
  private final Function<String, String> secrets;

  /** {@code secrets} gives a secret's value by its topology name, at the moment of use. */
  public PackRenderer(Pack pack, Function<String, String> secrets) {
    this.pack = pack;
    this.secrets = secrets;
  }

  /** A renderer for showing commands: every secret appears as {@code ***}. */
  public static PackRenderer forDisplay(Pack pack) {
    return new PackRenderer(pack, name -> Redactor.MASK);
  }

  /** The string an SSH exec request carries to a Windows node for {@code command}. */
  public static String exec(Command command, String loginUser) {
    return RemoteShell.POWERSHELL.render(command, loginUser);
  }

  /** The script a rendered command runs (its last argument), for display. */
  public static String script(Command command) {
    return command.argv().get(command.argv().size() - 1);
  }

  public Pack pack() {
    return pack;
  }

  /**
   * The commands of {@code action}. A {@code check} on something the pack has no check for renders
   * no command: there is nothing to verify beyond the facts.
   */
  public Rendered action(Topology t, Action action) {
    Verb verb = action.verb();
    Verb.Target target =
        Pack.targetOf(verb)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "pack " + pack.name() + " has no commands for the verb '" + verb + "'"));
    return switch (target) {
      case COMPONENT -> component(t, action, verb);
      case LINK -> link(t, action, verb);
      case ENTRY_POINT -> entry(t, action);
      case NODE -> node(t, action, verb);
      case ANY -> throw new IllegalArgumentException("a pack command acts on one thing");
    };
  }

  /** The command of one probe of {@code c}, or empty when its kind declares no such probe. */
  public Optional<Command> probe(Topology t, Component c, ProbeKind kind) {
    Kind k = pack.kind(c.kind());
    Probe p = k.probes().get(kind);
    if (p == null) {
      return Optional.empty();
    }
    Values v = componentValues(t, c, k, Map.of(), false);
    return Optional.of(command(p.run().render(v::powershell), p.timeout()));
  }

  private Rendered component(Topology t, Action a, Verb verb) {
    Optional<Component> target = t.component(a.target());
    if (verb == Verb.CHECK && (target.isEmpty() || !hasCheck(target.get()))) {
      return new Rendered(target.map(Component::node).orElse(""), List.of(), "");
    }
    Component c =
        target.orElseThrow(() -> new IllegalArgumentException("no component named " + a.target()));
    Kind k = pack.kind(c.kind());
    Script s = k.verbs().get(verb);
    if (s == null) {
      throw new IllegalArgumentException(
          "pack "
              + pack.name()
              + " gives no commands to "
              + verb.label()
              + " a "
              + c.kind()
              + " ("
              + c.name()
              + "); it knows "
              + k.verbs().keySet().stream().map(Verb::label).toList());
    }
    Values v = componentValues(t, c, k, a.params(), verb == Verb.STOP);
    return new Rendered(c.node(), commands(s, v), s.source());
  }

  private boolean hasCheck(Component c) {
    Kind k = pack.kinds().get(c.kind());
    return k != null && k.verbs().containsKey(Verb.CHECK);
  }

  private Values componentValues(
      Topology t, Component c, Kind k, Map<String, String> params, boolean reverse) {
    Map<String, String> bare = new HashMap<>();
    bare.put("system", t.system());
    bare.put("component", c.name());
    bare.put("node", c.node());
    bare.put("host", host(t, c.node()));
    bare.put("kind", c.kind());
    bare.put("role", c.properties().getOrDefault("role", ""));
    List<String> services =
        new ArrayList<>(k.servicesFor(c.properties().get("role")).orElse(List.of()));
    if (reverse) {
      Collections.reverse(services);
    }
    return new Values(bare, services, vars(c.properties(), k), params);
  }

  private Rendered link(Topology t, Action a, Verb verb) {
    ReplicationLink l =
        t.links().stream()
            .filter(x -> x.name().equals(a.target()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no replication link named " + a.target()));
    Map<Verb, Script> scripts = pack.replication().get(l.name());
    scripts = scripts != null ? scripts : pack.replication().get(l.kind());
    scripts = scripts != null ? scripts : pack.replication().get("default");
    Script s = scripts == null ? null : scripts.get(verb);
    if (s == null) {
      throw new IllegalArgumentException(
          "pack "
              + pack.name()
              + " gives no commands to "
              + verb.label()
              + " link "
              + l.name()
              + " (kind "
              + l.kind()
              + "); it has replication entries for "
              + pack.replication().keySet());
    }
    Component from = t.requireComponent(l.from());
    Component to = t.requireComponent(l.to());
    Map<String, String> bare = new HashMap<>();
    bare.put("system", t.system());
    bare.put("link", l.name());
    bare.put("from", from.name());
    bare.put("to", to.name());
    bare.put("from-host", host(t, from.node()));
    bare.put("to-host", host(t, to.node()));
    bare.put("node", from.node());
    bare.put("host", host(t, from.node()));
    Kind k = pack.kinds().get(from.kind());
    return new Rendered(
        from.node(),
        commands(s, new Values(bare, List.of(), vars(from.properties(), k), a.params())),
        s.source());
  }

  private Rendered entry(Topology t, Action a) {
    EntryPoint ep =
        t.entryPoints().stream()
            .filter(e -> e.name().equals(a.target()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no entry point named " + a.target()));
    Script s = pack.redirect().get(ep.redirection().label());
    if (s == null) {
      throw new IllegalArgumentException(
          "pack "
              + pack.name()
              + " cannot redirect "
              + ep.name()
              + " by "
              + ep.redirection().label()
              + "; it knows "
              + pack.redirect().keySet());
    }
    String to = a.params().get("to");
    Component toC = t.requireComponent(to == null ? "" : to);
    String node = ep.properties().getOrDefault("node", t.requireComponent(ep.pointsAt()).node());
    Map<String, String> bare = new HashMap<>();
    bare.put("system", t.system());
    bare.put("entry", ep.name());
    bare.put("to", toC.name());
    bare.put("to-host", ep.properties().getOrDefault("server." + toC.name(), host(t, toC.node())));
    bare.put("node", node);
    bare.put("host", host(t, node));
    return new Rendered(
        node,
        commands(s, new Values(bare, List.of(), vars(ep.properties(), null), a.params())),
        s.source());
  }

  private Rendered node(Topology t, Action a, Verb verb) {
    Node n =
        t.node(a.target())
            .orElseThrow(() -> new IllegalArgumentException("no node named " + a.target()));
    Script s = pack.nodeVerbs().get(verb);
    if (s == null) {
      throw new IllegalArgumentException(
          "pack " + pack.name() + " gives no commands to " + verb.label() + " a node");
    }
    Map<String, String> bare = Map.of("node", n.name(), "host", host(t, n.name()));
    return new Rendered(
        n.name(), commands(s, new Values(bare, List.of(), pack.vars(), a.params())), s.source());
  }

  /**
   * Vars in the order that lets the most specific win: properties, then the kind, then the pack.
   */
  private Map<String, String> vars(Map<String, String> properties, Kind k) {
    Map<String, String> out = new HashMap<>(pack.vars());
    if (k != null) {
      out.putAll(k.vars());
    }
    out.putAll(properties);
    return out;
  }

  private static String host(Topology t, String node) {
    return t.node(node)
        .map(n -> n.host() == null || n.host().isBlank() ? n.name() : n.host())
        .orElse(node);
  }

  private List<Command> commands(Script s, Values v) {
    return s.run().stream().map(tp -> command(tp.render(v::powershell), s.timeout())).toList();
  }

  private static Command command(String script, Duration timeout) {
    return Command.of(
        timeout, "powershell", "-NoProfile", "-NonInteractive", "-Command", PREAMBLE + script);
  }

  /** What each placeholder stands for in one rendering. */
  private final class Values {
    private final Map<String, String> bare;
    private final List<String> services;
    private final Map<String, String> vars;
    private final Map<String, String> params;

    Values(
        Map<String, String> bare,
        List<String> services,
        Map<String, String> vars,
        Map<String, String> params) {
      this.bare = bare;
      this.services = services;
      this.vars = vars;
      this.params = params;
    }

    String powershell(Template.Placeholder p) {
      if (p.name() == null && p.prefix().equals("services")) {
        return Quote.powershellArray(services);
      }
      if ("sql".equals(p.prefix()) && p.name() != null) {
        Template q = pack.sql().get(p.name());
        if (q == null) {
          throw new IllegalArgumentException("pack " + pack.name() + " has no sql " + p.name());
        }
        return Quote.powershell(q.render(this::sql));
      }
      return Quote.powershell(raw(p));
    }

    String sql(Template.Placeholder p) {
      return Quote.sql(raw(p));
    }

    private String raw(Template.Placeholder p) {
      if (p.name() == null) {
        return require(bare.get(p.prefix()), p);
      }
      return switch (p.prefix()) {
        case "var" -> require(vars.get(p.name()), p);
        case "param" -> require(params.get(p.name()), p);
        case "secret" -> require(secrets.apply(p.name()), p);
        case "fingerprint" -> fingerprint(require(secrets.apply(p.name()), p));
        default -> throw new IllegalArgumentException("unknown placeholder " + p);
      };
    }

    // A secret's fingerprint (ADR 0013), so a host can keep it without keeping the secret.
    private String fingerprint(String value) {
      return value.equals(Redactor.MASK)
          ? "pbkdf2:" + Redactor.MASK
          : dev.baton.model.SecretFingerprint.of(bare.get("system"), value);
    }

    private String require(String value, Template.Placeholder p) {
      if (value == null) {
        throw new IllegalArgumentException("nothing fills " + p + " in pack " + pack.name());
      }
      return value;
    }
  }
}
