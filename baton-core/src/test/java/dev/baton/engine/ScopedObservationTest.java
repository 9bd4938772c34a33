package dev.baton.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Node;
import dev.baton.model.Redirection;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.model.Transport;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Goal;
import dev.baton.plan.Guard;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.FullStopStrategy;
import dev.baton.strategy.TakeoverStrategy;
import dev.baton.testing.FakeDriver;
import dev.baton.testing.Fixtures;
import dev.baton.testing.MemoryJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each step observes its scope, not the whole system (ADR 0025). */
class ScopedObservationTest {

  private final EngineOptions yes = EngineOptions.defaults().withYes(true);

  @Test
  void aStepOfA1000NodeFullStopObservesOnlyItsPair() throws Exception {
    // Given a full-stop of 1,000 nodes paired by 500 links, on a driver that reports only the
    // parts it is asked about
    Topology t = Fixtures.generated(1000);
    ScopedDriver driver = new ScopedDriver(generatedFacts(t));
    Plan plan = new FullStopStrategy().plan(t, Facts.empty(), Goal.upgradeTo("2.0"));

    // When it runs to the end
    RunResult r = engine(driver).start(t, plan, template(t, plan), yes);

    // Then every step but the final check of every component observed at most a pair (two
    // nodes, two components, their link), and nothing ever asked for the whole system
    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    assertEquals(3001, plan.steps().size());
    assertEquals(0, driver.wholeSystemObservations);
    List<Integer> larger = driver.partsObserved.stream().filter(n -> n > 5).toList();
    // Once before step 1 the preflight reads every component the plan installs (a downgrade check),
    // then only verify-upgrade, before and after, sees them all.
    assertEquals(List.of(2500, 2500, 2500), larger, "only the preflight and verify-upgrade");
    // Every step observed after its action; one right after another's verification in the same
    // scope acts on what that read (ADR 0037), so some read nothing before.
    assertTrue(driver.partsObserved.size() >= 3001, "" + driver.partsObserved.size());
  }

  @Test
  void aTakeoverObservesItsRoleGroupLinkNodesAndEntryPoint() throws Exception {
    Topology t = Fixtures.pair();
    Plan plan = new TakeoverStrategy().plan(t, Fixtures.healthyPair(), Goal.upgradeTo("2.0"));
    Step takeover = plan.step("takeover-b").orElseThrow();

    Scope s = Scope.of(TopologyIndex.of(t), takeover);

    assertEquals(List.of("a", "b"), names(s.components(t)));
    assertEquals(List.of("node-a", "node-b"), s.nodes(t).stream().map(Node::name).toList());
    assertEquals(List.of("ha"), s.links(t).stream().map(ReplicationLink::name).toList());
    assertEquals(List.of("csm.example"), s.entryPoints(t).stream().map(EntryPoint::name).toList());
  }

  @Test
  void aGuardThatCannotNameWhatItReadsMakesTheStepObserveEverything() {
    Topology t = Fixtures.pair();
    Guard silent =
        new Guard() {
          public String name() {
            return "silent";
          }

          public String describe() {
            return "reads whatever it likes";
          }

          public Optional<String> refusal(Topology topology, Facts facts) {
            return Optional.empty();
          }
        };
    Step s = Step.builder("s", "s", Action.check("a")).guards(silent).build();

    assertTrue(Scope.of(TopologyIndex.of(t), s).isWhole());
  }

  @Test
  void aNameThatMatchesNoPartMakesTheStepObserveEverything() {
    Topology t = Fixtures.pair();
    Step onSystem = Step.builder("s", "s", Action.check(t.system())).build();
    Step unknown =
        Step.builder("s", "s", Action.check("a")).goal(new Condition.RoleIs("zz", "x")).build();

    assertTrue(Scope.of(TopologyIndex.of(t), onSystem).isWhole());
    assertTrue(Scope.of(TopologyIndex.of(t), unknown).isWhole());
  }

  @Test
  void aPropertyBelongsToThePartItIsAbout() {
    Topology t = Fixtures.generated(10);
    Step s =
        Step.builder("s", "s", Action.check("c4"))
            .verify(new Condition.PropertyIs("c6.failover-pinned", "yes"))
            .build();

    Scope scope = Scope.of(TopologyIndex.of(t), s);

    assertEquals(List.of("c4", "c5", "c6", "c7"), names(scope.components(t)));
  }

  @Test
  void aRedirectIsJudgedOnTheComponentItsEntryPointPointsAtNowEvenOutsideTheScope() {
    // Given ep declared at a, but seen pointing at c (2.0), which the redirect's scope lacks
    Topology t = threeWithEntryPoint();
    Facts seen =
        Facts.builder("test", Instant.EPOCH)
            .add(FactKind.VERSION, "a", Version.parse("2.0"))
            .add(FactKind.VERSION, "b", Version.parse("1.0"))
            .add(FactKind.VERSION, "c", Version.parse("2.0"))
            .add(FactKind.POINTS_AT, "ep", "c")
            .build();
    ScopedDriver driver = new ScopedDriver(seen);
    Step redirect =
        Step.builder("redirect-ep", "Redirect ep to b", Action.of(Verb.REDIRECT, "ep", to("b")))
            .goal(new Condition.PointsAt("ep", "b"))
            .build();
    Plan plan = plan(t, redirect);

    // When the engine runs it
    RunResult r = engine(driver).start(t, plan, template(t, plan), yes);

    // Then it widened its scope to c, saw c's version and refused
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(
        "entry point ep would move from c (2.0) to b, which runs the older version 1.0",
        r.sentence());
    assertEquals(List.of(), driver.fake.log());
  }

  @Test
  void twoActivesInTheStepsRoleGroupHaltIt() {
    Topology t = Fixtures.pair();
    FakeDriver fake = new FakeDriver(Fixtures.healthyPair());
    fake.set(FactKind.ROLE, "b", "active");
    Step stop =
        Step.builder("stop-a", "Stop a", Action.idempotent(Verb.STOP, "a", Map.of()))
            .goal(new Condition.ServiceIs("a", ServiceState.STOPPED))
            .build();
    Plan plan = plan(t, stop);

    RunResult r = engine(new ScopedDriver(fake.facts())).start(t, plan, template(t, plan), yes);

    assertEquals(
        "role group csm has 2 active members (a, b); at most 1 may be active", r.sentence());
  }

  @Test
  void twoActivesInARoleGroupTheStepDoesNotTouchWaitForAStepThatDoes() {
    // The cost of scoping (ADR 0025): a breach far from the step is seen by the steps near it.
    Topology t = twoPairs();
    Facts facts =
        Fixtures.healthyPair()
            .with(
                List.of(
                    fact(FactKind.ROLE, "x", "active"),
                    fact(FactKind.ROLE, "y", "active"),
                    fact(FactKind.SERVICE, "x", ServiceState.RUNNING)));
    Step stopA =
        Step.builder("stop-a", "Stop a", Action.idempotent(Verb.STOP, "a", Map.of()))
            .goal(new Condition.ServiceIs("a", ServiceState.STOPPED))
            .build();
    Step stopX =
        Step.builder("stop-x", "Stop x", Action.idempotent(Verb.STOP, "x", Map.of()))
            .goal(new Condition.ServiceIs("x", ServiceState.STOPPED))
            .build();
    Plan plan = plan(t, stopA, stopX);
    ScopedDriver driver = new ScopedDriver(facts);

    RunResult r = engine(driver).start(t, plan, template(t, plan), yes);

    assertEquals(List.of("stop a"), driver.fake.log());
    assertEquals(
        "role group other has 2 active members (x, y); at most 1 may be active", r.sentence());
  }

  // --- the driver, topologies and plans ---

  /**
   * A fake driver that reports only the facts about the parts a scope covers (and secrets and
   * applied keys), as a driver that observes part of a system does, and counts what it was asked.
   */
  static final class ScopedDriver implements Driver {
    final FakeDriver fake;
    final List<Integer> partsObserved = new ArrayList<>();
    final Set<String> applied = new HashSet<>();
    int wholeSystemObservations;

    ScopedDriver(Facts facts) {
      this.fake = new FakeDriver(facts);
    }

    @Override
    public String name() {
      return "scoped-fake";
    }

    @Override
    public Set<Verb> verbs() {
      return fake.verbs();
    }

    @Override
    public synchronized Facts observe(Topology t, Collection<String> keys) {
      wholeSystemObservations++;
      return fake.observe(t, keys);
    }

    @Override
    public synchronized Facts observe(Topology t, Scope scope, Collection<String> keys) {
      partsObserved.add(scope.size(t));
      Facts all = fake.facts();
      List<Fact> kept = new ArrayList<>();
      List<String> parts = new ArrayList<>();
      scope.nodes(t).forEach(n -> parts.add(n.name()));
      scope.components(t).forEach(c -> parts.add(c.name()));
      scope.links(t).forEach(l -> parts.add(l.name()));
      scope.entryPoints(t).forEach(e -> parts.add(e.name()));
      for (String part : parts) {
        for (FactKind kind : FactKind.values()) {
          all.get(kind, part).ifPresent(kept::add);
        }
      }
      for (Fact f : all.all()) {
        if (f.kind() == FactKind.PROPERTY
            && parts.stream().anyMatch(p -> f.subject().startsWith(p + "."))) {
          kept.add(f);
        }
      }
      keys.forEach(k -> kept.add(fact(FactKind.APPLIED, k, applied.contains(k))));
      return Facts.of(kept);
    }

    @Override
    public synchronized ActionResult act(Topology t, Action a, String key) throws DriverException {
      ActionResult r = fake.act(t, a, key);
      applied.add(key);
      return r;
    }
  }

  private static Engine engine(Driver driver) {
    return new Engine(
        driver, new MemoryJournal(), EngineListener.NONE, Redactor.none(), Clock.systemUTC());
  }

  private static RunRecord template(Topology t, Plan plan) {
    return RunRecord.starting(t.system(), plan.strategy(), "", Map.of(), "t.yaml", "", "");
  }

  private static Plan plan(Topology t, Step... steps) {
    return new Plan(
        t.system(),
        "test",
        new Goal(null, Map.of()),
        List.of(new Phase("p", List.of(steps))),
        List.of());
  }

  private static Map<String, String> to(String component) {
    return Map.of("to", component);
  }

  private static List<String> names(List<Component> cs) {
    return cs.stream().map(Component::name).toList();
  }

  private static Fact fact(FactKind kind, String subject, Object value) {
    return new Fact(kind, subject, value, "test", Instant.EPOCH);
  }

  static Facts generatedFacts(Topology t) {
    Facts.Builder b = Facts.builder("test", Instant.EPOCH);
    t.nodes().forEach(n -> b.add(FactKind.REACHABLE, n.name(), true));
    for (Component c : t.components()) {
      b.add(FactKind.VERSION, c.name(), c.version());
      b.add(FactKind.SERVICE, c.name(), ServiceState.RUNNING);
    }
    for (ReplicationLink l : t.links()) {
      b.add(FactKind.LINK, l.key(), LinkState.SYNCED);
      b.add(FactKind.LAG_BYTES, l.key(), 0L);
    }
    return b.build();
  }

  private static Topology threeWithEntryPoint() {
    Topology pair = Fixtures.pair();
    List<Node> nodes = new ArrayList<>(pair.nodes());
    nodes.add(new Node("node-c", "A", Transport.LOCAL, "", 0, ""));
    List<Component> components = new ArrayList<>();
    for (String c : List.of("a", "b", "c")) {
      components.add(
          new Component(c, "node-" + c, "server", Version.parse("1.0"), null, null, 1, Map.of()));
    }
    return new Topology(
        pair.system(),
        pair.pack(),
        pair.driver(),
        pair.roleModel(),
        pair.sides(),
        nodes,
        components,
        List.of(),
        List.of(new EntryPoint("ep", "a", Redirection.DNS)),
        List.of(),
        Map.of());
  }

  private static Topology twoPairs() {
    Topology pair = Fixtures.pair();
    List<Node> nodes = new ArrayList<>(pair.nodes());
    nodes.add(new Node("node-x", "A", Transport.LOCAL, "", 0, ""));
    nodes.add(new Node("node-y", "B", Transport.LOCAL, "", 0, ""));
    List<Component> components = new ArrayList<>(pair.components());
    components.add(
        new Component("x", "node-x", "server", Version.parse("1.0"), "other", "", 3, Map.of()));
    components.add(
        new Component("y", "node-y", "server", Version.parse("1.0"), "other", "", 4, Map.of()));
    return new Topology(
        pair.system(),
        pair.pack(),
        pair.driver(),
        pair.roleModel(),
        pair.sides(),
        nodes,
        components,
        pair.links(),
        pair.entryPoints(),
        List.of(),
        Map.of());
  }
}
