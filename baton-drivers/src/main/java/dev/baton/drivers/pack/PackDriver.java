package dev.baton.drivers.pack;

import dev.baton.drivers.pack.PackRenderer.Rendered;
import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.drivers.transport.Transports;
import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.Redactor;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.SecretFingerprints;
import dev.baton.model.Topology;
import dev.baton.pack.Pack;
import dev.baton.pack.ProbeKind;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Drives a Windows product through its pack: an action runs the pack's PowerShell for its verb on
 * the target's node, and observing runs each component's probes and reads facts from their output.
 * Nothing it reports contains a secret's value.
 */
public final class PackDriver implements Driver {

  private final Pack pack;
  private final Function<String, Transport> transports;
  private final Function<String, String> secrets;
  private final SecretFingerprints fingerprints;
  private final Clock clock;
  private final AutoCloseable owned;

  /** {@code transports} gives a node's transport by name; the caller closes them. */
  public PackDriver(
      Pack pack,
      Function<String, Transport> transports,
      Function<String, String> secrets,
      Clock clock) {
    this(pack, transports, secrets, clock, () -> {});
  }

  private PackDriver(
      Pack pack,
      Function<String, Transport> transports,
      Function<String, String> secrets,
      Clock clock,
      AutoCloseable owned) {
    this.pack = pack;
    this.transports = transports;
    this.secrets = secrets;
    this.fingerprints = new SecretFingerprints(secrets);
    this.clock = clock;
    this.owned = owned;
  }

  /** A driver that owns the topology's transports and closes them with itself. */
  public static PackDriver over(
      Pack pack, Transports transports, Function<String, String> secrets, Clock clock) {
    return new PackDriver(pack, transports, secrets, clock, transports);
  }

  @Override
  public String name() {
    return "pack " + pack.name();
  }

  @Override
  public Set<Verb> verbs() {
    return pack.verbs();
  }

  /** A pack gives commands per component kind, link and node: renders the action to find out. */
  @Override
  public Optional<String> unsupported(Topology t, Action a) {
    try {
      new PackRenderer(pack, secrets).action(t, a);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public synchronized Facts observe(Topology t, Collection<String> actionKeys)
      throws DriverException {
    Facts.Builder facts = Facts.builder("pack:" + pack.name(), clock.instant());
    Set<String> down = new HashSet<>();
    PackRenderer renderer = new PackRenderer(pack, secrets);
    for (Component c : t.components()) {
      if (!down.contains(c.node()) && !observe(t, c, renderer, facts)) {
        down.add(c.node());
      }
    }
    t.nodes().forEach(n -> facts.add(FactKind.REACHABLE, n.name(), !down.contains(n.name())));
    fingerprints
        .of(t)
        .forEach(
            (name, fp) -> facts.add(FactKind.PROPERTY, SecretFingerprints.factSubject(name), fp));
    return facts.build();
  }

  /** Runs every probe of {@code c}; false when its node could not be reached at all. */
  private boolean observe(Topology t, Component c, PackRenderer renderer, Facts.Builder facts)
      throws DriverException {
    for (ProbeKind kind : ProbeKind.values()) {
      Optional<Command> probe = probe(t, c, kind, renderer);
      if (probe.isEmpty()) {
        continue;
      }
      CommandResult r;
      try {
        r = transport(c.node()).run(probe.get());
      } catch (DriverException e) {
        return false;
      }
      // A failed probe leaves its fact unknown, and the guards refuse on what is unknown.
      if (r.ok()) {
        read(pack.kind(c.kind()).probes().get(kind), c, r.stdout(), facts);
      }
    }
    return true;
  }

  private Optional<Command> probe(Topology t, Component c, ProbeKind kind, PackRenderer renderer)
      throws DriverException {
    try {
      return renderer.probe(t, c, kind);
    } catch (IllegalArgumentException e) {
      throw new DriverException(e.getMessage(), "");
    }
  }

  private void read(Pack.Probe probe, Component c, String out, Facts.Builder facts)
      throws DriverException {
    try {
      Readings.add(facts, probe.kind(), c.name(), probe.parse().matcher(out));
    } catch (IllegalArgumentException e) {
      throw new DriverException(
          "the "
              + probe.kind().label()
              + " probe of "
              + c.name()
              + " printed something pack "
              + pack.name()
              + " cannot read: "
              + e.getMessage(),
          redactor(List.of()).redact(out));
    }
  }

  @Override
  public synchronized ActionResult act(Topology t, Action a, String actionKey)
      throws DriverException {
    List<String> used = new ArrayList<>();
    Rendered r;
    try {
      r = new PackRenderer(pack, name -> remember(used, secrets.apply(name))).action(t, a);
    } catch (IllegalArgumentException e) {
      throw new DriverException(redactor(used).redact(e.getMessage()), "");
    }
    Redactor redactor = redactor(used);
    if (r.commands().isEmpty()) {
      return new ActionResult("checked " + a.target() + "; nothing changed", "");
    }
    Transport tr = transport(r.node());
    StringBuilder evidence = new StringBuilder();
    for (int i = 0; i < r.commands().size(); i++) {
      CommandResult result = tr.run(r.commands().get(i));
      evidence.append(redactor.redact(transcript(result))).append('\n');
      if (!result.ok()) {
        throw new DriverException(failure(a, r, i, result, redactor), evidence.toString().strip());
      }
    }
    return new ActionResult(
        a.verb()
            + " "
            + a.target()
            + " done on "
            + r.node()
            + " ("
            + plural(r.commands().size())
            + ")",
        evidence.toString().strip());
  }

  private String failure(Action a, Rendered r, int i, CommandResult result, Redactor redactor) {
    String why =
        firstLine(result.stderr()).or(() -> firstLine(result.stdout())).orElse("no output");
    return a.verb()
        + " "
        + a.target()
        + " failed on "
        + r.node()
        + ": command "
        + (i + 1)
        + " of "
        + r.commands().size()
        + " exited with code "
        + result.exitCode()
        + " ("
        + redactor.redact(why)
        + ")";
  }

  // The transcript shows the script, not powershell's argv; secrets are masked by the caller.
  private static String transcript(CommandResult r) {
    StringBuilder b =
        new StringBuilder("PS> ").append(PackRenderer.script(r.command())).append('\n');
    if (!r.stdout().isBlank()) {
      b.append(r.stdout().strip()).append('\n');
    }
    if (!r.stderr().isBlank()) {
      b.append(r.stderr().strip()).append('\n');
    }
    return b.append("(exit ").append(r.exitCode()).append(')').toString();
  }

  private static Optional<String> firstLine(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  private static String plural(int n) {
    return n == 1 ? "1 command" : n + " commands";
  }

  private static String remember(List<String> used, String value) {
    if (value != null) {
      // The value also appears quoted in a script, where its quotes are doubled.
      used.add(value);
      used.add(Quote.powershell(value));
      used.add(Quote.sql(value));
    }
    return value;
  }

  private Redactor redactor(List<String> used) {
    return Redactor.of(used);
  }

  private Transport transport(String node) throws DriverException {
    try {
      return transports.apply(node);
    } catch (RuntimeException e) {
      throw new DriverException("cannot reach node " + node + ": " + e.getMessage(), "");
    }
  }

  @Override
  public void close() {
    try {
      owned.close();
    } catch (Exception e) {
      // Closing transports is best effort; a run's outcome is already journaled.
    }
  }
}
