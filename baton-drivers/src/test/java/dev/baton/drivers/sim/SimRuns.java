package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import dev.baton.pack.Packs;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.roles.RoleModel;
import dev.baton.strategy.Strategies;
import dev.baton.testing.MemoryJournal;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a named strategy through the engine on the simulator, as {@code baton apply --yes} does, for
 * an example topology with faults added to a copy of its {@code sim:} section.
 */
final class SimRuns {

  /** How long a step's verification may take to converge; the simulator answers at once. */
  static final Duration VERIFY = Duration.ofMillis(300);

  private SimRuns() {}

  /** One finished run: its result, the plan it ran, and the simulator it ran on. */
  record Run(RunResult result, Plan plan, SimDriver sim, Topology topology) {

    Facts facts() throws Exception {
      return sim.observe(topology, List.of());
    }

    /** The plan steps whose actions reached the simulator, in the order they were sent. */
    List<Step> sentSteps() {
      return sim.actions().stream()
          .map(a -> a.key().substring(a.key().indexOf('/') + 1))
          .map(id -> plan.step(id).orElseThrow(() -> new AssertionError("no step " + id)))
          .toList();
    }
  }

  /** The example as planning sees it: with the terms of the pack it names. */
  static Topology example(String file) throws Exception {
    Topology t = TopologyLoader.load(Path.of("..", "examples", file)).topology();
    return new Packs(Path.of("..", "packs")).withTerms(t);
  }

  /** The example with {@code faults} added to (or replacing keys of) its own sim section. */
  static Topology withSim(Topology t, Map<String, Object> faults) {
    Map<String, Object> sim = new HashMap<>(t.sim());
    sim.putAll(faults);
    return new Topology(
        t.system(),
        t.pack(),
        t.driver(),
        t.roleModel(),
        t.sides(),
        t.nodes(),
        t.components(),
        t.links(),
        t.entryPoints(),
        t.secrets(),
        sim,
        t.terms());
  }

  /** The example with one component declared (and so simulated) at another version. */
  static Topology withVersion(Topology t, String component, String version) {
    List<Component> cs =
        t.components().stream()
            .map(
                c ->
                    c.name().equals(component)
                        ? new Component(
                            c.name(),
                            c.node(),
                            c.kind(),
                            dev.baton.model.Version.parse(version),
                            c.roleGroup(),
                            c.declaredRole(),
                            c.order(),
                            c.properties())
                        : c)
            .toList();
    return new Topology(
        t.system(),
        t.pack(),
        t.driver(),
        t.roleModel(),
        t.sides(),
        t.nodes(),
        cs,
        t.links(),
        t.entryPoints(),
        t.secrets(),
        t.sim(),
        t.terms());
  }

  /** Plans on the simulator's first observation and runs with every confirm gate passed. */
  static Run apply(Path dir, Topology t, String strategy, Goal goal) throws Exception {
    // Every secret is set, so an installer's passphrase matches the one the system was given.
    SimDriver sim =
        new SimDriver(
            dir.resolve(t.system() + ".json"),
            java.time.Clock.systemUTC(),
            name -> "sim-secret-" + name);
    return apply(sim, t, strategy, goal);
  }

  /** As above, with operator overrides ({@code --override NAME=REASON}). */
  static Run apply(Path dir, Topology t, String strategy, Goal goal, Map<String, String> overrides)
      throws Exception {
    SimDriver sim =
        new SimDriver(
            dir.resolve(t.system() + ".json"),
            java.time.Clock.systemUTC(),
            name -> "sim-secret-" + name);
    return apply(sim, t, strategy, goal, overrides);
  }

  /** As above on a simulator the caller set up (its secrets, its state file). */
  static Run apply(SimDriver sim, Topology t, String strategy, Goal goal) throws Exception {
    return apply(sim, t, strategy, goal, Map.of());
  }

  static Run apply(
      SimDriver sim, Topology t, String strategy, Goal goal, Map<String, String> overrides)
      throws Exception {
    Facts facts = sim.observe(t, List.of());
    Plan plan = Strategies.named(strategy).orElseThrow().plan(t, facts, goal);
    RunRecord template =
        new RunRecord(
            "",
            t.system(),
            plan.strategy(),
            goal.targetVersion().text(),
            plan.goal().options(),
            t.system() + ".yaml",
            "",
            plan.fingerprint(),
            RunStatus.RUNNING,
            null,
            null);
    Engine engine =
        new Engine(
            sim,
            new MemoryJournal(),
            EngineListener.NONE,
            Redactor.of(List.of()),
            Clock.systemUTC());
    RunResult r =
        engine.start(
            t,
            plan,
            template,
            EngineOptions.defaults()
                .withYes(true)
                .withVerifyTimeout(VERIFY)
                .withOverrides(overrides));
    return new Run(r, plan, sim, t);
  }

  /** At most one active member in every role group, judged on what the simulator reports. */
  static void assertAtMostOneActivePerRoleGroup(Run run) throws Exception {
    Facts f = run.facts();
    RoleModel model = RoleModel.named(run.topology().roleModel()).orElseThrow();
    for (String group : run.topology().roleGroups()) {
      List<String> active =
          run.topology().roleGroup(group).stream()
              .map(Component::name)
              .filter(c -> model.isActive(f.role(c).orElse(null)))
              .toList();
      assertTrue(active.size() <= 1, "role group " + group + " has actives " + active);
    }
  }

  /** Every entry point names a component whose service runs, so clients are served. */
  static void assertEntryPointsServed(Run run) throws Exception {
    Facts f = run.facts();
    for (EntryPoint ep : run.topology().entryPoints()) {
      String to = f.pointsAt(ep.name()).orElseThrow();
      assertEquals(Optional.of(ServiceState.RUNNING), f.service(to), ep.name() + " -> " + to);
    }
  }
}
