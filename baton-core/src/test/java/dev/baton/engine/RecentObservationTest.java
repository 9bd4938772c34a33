package dev.baton.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.guard.StandbySynced;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step right after another's verification acts on what it read (ADR 0037). */
class RecentObservationTest {

  private final EngineOptions yes = EngineOptions.defaults().withYes(true);
  private final Topology pair = Fixtures.pair();

  @Test
  void aStepRightAfterAnothersVerificationActsOnItsFactsWithoutObservingAgain() {
    // Given two steps on a pair, the second guarded by the standby being synced
    CountingDriver driver = new CountingDriver(Fixtures.healthyPair());
    Plan plan = plan(stopB(), backupA());

    // When they run
    RunResult r = engine(driver).start(pair, plan, template(plan), yes);

    // Then the first observed before and after its action, the second only after its own
    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    assertEquals(List.of("stop b", "backup a"), driver.fake.log());
    assertEquals(3, driver.observations);
  }

  @Test
  void aGuardThatRefusesOnTheFactsOfTheStepBeforeIsJudgedOnFactsReadAfresh() {
    // Given the verification of the first step sees the standby lag, and the next reading not
    CountingDriver driver = new CountingDriver(Fixtures.healthyPair());
    driver.before(
        2,
        d -> {
          d.set(FactKind.LINK, "ha", LinkState.LAGGING);
          d.set(FactKind.LAG_BYTES, "ha", 4096L);
        });
    driver.before(
        3,
        d -> {
          d.set(FactKind.LINK, "ha", LinkState.SYNCED);
          d.set(FactKind.LAG_BYTES, "ha", 0L);
        });
    Plan plan = plan(stopB(), backupA());

    // When they run
    RunResult r = engine(driver).start(pair, plan, template(plan), yes);

    // Then the second step read the system again instead of refusing, and acted
    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    assertEquals(List.of("stop b", "backup a"), driver.fake.log());
    assertEquals(4, driver.observations);
  }

  @Test
  void aGoalThatHoldsOnTheFactsOfTheStepBeforeIsJudgedOnFactsReadAfresh() {
    // Given the verification of the first step sees a's backup, which the next reading does not
    CountingDriver driver = new CountingDriver(Fixtures.healthyPair());
    driver.before(2, d -> d.set(FactKind.BACKUP, "a", "b1"));
    driver.before(3, d -> d.set(FactKind.BACKUP, "a", "older"));
    Plan plan = plan(stopB(), backupA());

    // When they run
    RunResult r = engine(driver).start(pair, plan, template(plan), yes);

    // Then the backup was taken, not skipped as already done
    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    assertEquals(List.of("stop b", "backup a"), driver.fake.log());
  }

  @Test
  void aGuardThatRefusesOnFreshFactsAlsoHaltsTheRun() {
    // Given the standby lags from the first step's verification on
    CountingDriver driver = new CountingDriver(Fixtures.healthyPair());
    driver.before(
        2,
        d -> {
          d.set(FactKind.LINK, "ha", LinkState.LAGGING);
          d.set(FactKind.LAG_BYTES, "ha", 4096L);
        });
    Plan plan = plan(stopB(), backupA());

    // When they run
    RunResult r = engine(driver).start(pair, plan, template(plan), yes);

    // Then the second step refused with the sentence of its guard, on facts it read itself
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals("standby b lags 4.1 kB behind (ha)", r.sentence());
    assertEquals(List.of("stop b"), driver.fake.log());
    assertEquals(3, driver.observations);
  }

  private static Step stopB() {
    return Step.builder("stop-b", "Stop b", Action.idempotent(Verb.STOP, "b", Map.of()))
        .goal(new Condition.ServiceIs("b", ServiceState.STOPPED))
        .build();
  }

  private static Step backupA() {
    return Step.builder(
            "backup-a", "Back up a", Action.idempotent(Verb.BACKUP, "a", Map.of("label", "b1")))
        .goal(new Condition.BackupTaken("a", "b1"))
        .guards(new StandbySynced("ha", "b", 0))
        .build();
  }

  /** A fake driver that counts observations and changes its facts before the n-th one. */
  static final class CountingDriver implements Driver {
    final FakeDriver fake;
    final Map<Integer, java.util.function.Consumer<FakeDriver>> changes = new HashMap<>();
    int observations;

    CountingDriver(Facts facts) {
      this.fake = new FakeDriver(facts);
    }

    void before(int observation, java.util.function.Consumer<FakeDriver> change) {
      changes.put(observation, change);
    }

    @Override
    public String name() {
      return "counting-fake";
    }

    @Override
    public java.util.Set<Verb> verbs() {
      return fake.verbs();
    }

    @Override
    public synchronized Facts observe(Topology t, Collection<String> keys) {
      observations++;
      changes.getOrDefault(observations, d -> {}).accept(fake);
      return fake.observe(t, keys);
    }

    @Override
    public ActionResult act(Topology t, Action a, String key) throws DriverException {
      return fake.act(t, a, key);
    }
  }

  private static Engine engine(Driver driver) {
    return new Engine(
        driver, new MemoryJournal(), EngineListener.NONE, Redactor.none(), Clock.systemUTC());
  }

  private RunRecord template(Plan plan) {
    return RunRecord.starting(pair.system(), plan.strategy(), "", Map.of(), "t.yaml", "", "");
  }

  private Plan plan(Step... steps) {
    return new Plan(
        pair.system(),
        "test",
        new Goal(null, Map.of()),
        List.of(new Phase("p", List.of(steps))),
        List.of());
  }
}
