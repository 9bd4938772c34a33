package dev.baton.invariant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.testing.FakeDriver;
import dev.baton.testing.Fixtures;
import dev.baton.testing.MemoryJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 004: the two BES servers share one SRP key, so their services never run at once. */
class AtMostOneRunningTest {

  private final AtMostOneRunning inv = new AtMostOneRunning();

  /** The fixture pair with a and b in the exclusive group bes-srp. */
  private static Topology exclusivePair() {
    Topology p = Fixtures.pair();
    List<Component> members =
        p.components().stream()
            .map(
                c ->
                    new Component(
                        c.name(),
                        c.node(),
                        c.kind(),
                        c.version(),
                        c.roleGroup(),
                        c.declaredRole(),
                        c.order(),
                        Map.of(AtMostOneRunning.PROPERTY, "bes-srp")))
            .toList();
    return new Topology(
        p.system(),
        p.pack(),
        p.driver(),
        p.roleModel(),
        p.sides(),
        p.nodes(),
        members,
        p.links(),
        p.entryPoints(),
        p.secrets(),
        p.sim());
  }

  private static Facts with(Facts f, String component, ServiceState s) {
    return f.with(List.of(new Fact(FactKind.SERVICE, component, s, "test", Instant.EPOCH)));
  }

  private static Facts aRunningBStopped() {
    return with(Fixtures.healthyPair(), "b", ServiceState.STOPPED);
  }

  private static Step start(String target) {
    return Step.builder(
            "start-" + target, "Start " + target, Action.idempotent(Verb.START, target, Map.of()))
        .goal(new Condition.ServiceIs(target, ServiceState.RUNNING))
        .build();
  }

  @Test
  void bothRunningBreaksTheRule() {
    Topology t = exclusivePair();
    assertTrue(inv.violation(t, aRunningBStopped(), null).isEmpty());
    assertEquals(
        "exclusive service bes-srp runs on 2 components (a, b); at most one may run",
        inv.violation(t, Fixtures.healthyPair(), null).orElseThrow());
  }

  @Test
  void startingTheSecondMemberIsRefusedAndTheFirstStoppedIsAllowed() {
    Topology t = exclusivePair();
    assertEquals(
        "start-b would run the exclusive service bes-srp on b while a is running; stop a first",
        inv.violation(t, aRunningBStopped(), start("b")).orElseThrow());
    Facts bothStopped = with(aRunningBStopped(), "a", ServiceState.STOPPED);
    assertTrue(inv.violation(t, bothStopped, start("b")).isEmpty());
    assertTrue(
        inv.violation(t, aRunningBStopped(), step("stop", "b")).isEmpty(),
        "stopping never breaks the rule");
  }

  @Test
  void anUnobservedPeerCountsAsPossiblyRunning() {
    Topology t = exclusivePair();
    Facts noFactsOfA =
        Facts.of(
            aRunningBStopped().all().stream()
                .filter(f -> !(f.kind() == FactKind.SERVICE && f.subject().equals("a")))
                .toList());
    assertEquals(
        "start-b would run the exclusive service bes-srp on b while a may be running (its state"
            + " is unknown); stop a first",
        inv.violation(t, noFactsOfA, start("b")).orElseThrow());
  }

  @Test
  void componentsWithoutThePropertyAreNotBound() {
    assertTrue(inv.violation(Fixtures.pair(), Fixtures.healthyPair(), start("b")).isEmpty());
  }

  @Test
  void theEngineRefusesTheStepAndSendsNothing() {
    Topology t = exclusivePair();
    FakeDriver driver = new FakeDriver(aRunningBStopped());
    Plan plan =
        new Plan(
            t.system(),
            "test",
            Goal.upgradeTo("1.0"),
            List.of(new Phase("start", List.of(start("b")))),
            List.of());
    RunResult r =
        new Engine(
                driver,
                new MemoryJournal(),
                EngineListener.NONE,
                Redactor.none(),
                Clock.systemUTC())
            .start(
                t,
                plan,
                new RunRecord(
                    "",
                    t.system(),
                    "test",
                    "1.0",
                    Map.of(),
                    "t.yaml",
                    "",
                    plan.fingerprint(),
                    RunStatus.RUNNING,
                    null,
                    null),
                EngineOptions.defaults().withYes(true).withVerifyTimeout(Duration.ofMillis(50)));
    assertEquals(RunStatus.HALTED, r.status(), r.sentence());
    assertEquals(
        "start-b would run the exclusive service bes-srp on b while a is running; stop a first",
        r.sentence());
    assertEquals(List.of(), driver.log(), "no action reached the driver");
  }

  private static Step step(String verb, String target) {
    return Step.builder(
            verb + "-" + target,
            verb,
            Action.idempotent(Verb.parse(verb).orElseThrow(), target, Map.of()))
        .build();
  }
}
