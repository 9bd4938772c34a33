package dev.baton.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.model.Topology;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.strategy.TakeoverStrategy;
import dev.baton.testing.FakeDriver;
import dev.baton.testing.Fixtures;
import dev.baton.testing.MemoryJournal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A write the journal refuses because a newer epoch holds the system halts the run at once. */
class FencedWriteTest {

  private static final String REFUSAL =
      "the journal refused a write under epoch 4 of the lease on csm-prod, which epoch 5"
          + " (worker-b) holds now; stopped issuing actions";

  private final Topology topology = Fixtures.pair();
  private final FakeDriver driver = new FakeDriver(Fixtures.healthyPair());
  private final EngineOptions yes =
      EngineOptions.defaults().withYes(true).withVerifyTimeout(Duration.ofMillis(50));

  @Test
  void aRefusedWriteHaltsTheRunWithOneSentenceAndSendsNoFurtherAction() throws Exception {
    Plan plan = new TakeoverStrategy().plan(topology, driver.facts(), Goal.upgradeTo("2.0"));
    TakenOverAfter journal = new TakenOverAfter(new MemoryJournal(), 6);
    List<String> ended = new ArrayList<>();
    EngineListener listener =
        new EngineListener() {
          @Override
          public void runEnded(String runId, RunStatus status, String sentence) {
            ended.add(status + ": " + sentence);
          }
        };
    Engine engine =
        new Engine(driver, journal, listener, Redactor.of(List.of()), Clock.systemUTC());

    RunResult r;
    try (Lease lease = new EpochLease(topology.system(), 4)) {
      r = engine.startHolding(lease, topology, plan, template(plan), yes);
    }

    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(REFUSAL, r.sentence());
    assertEquals(List.of("HALTED: " + REFUSAL), ended);
    assertEquals(journal.actionsBeforeTakeover, driver.log(), "no action after the refusal");
  }

  @Test
  void aLeaseGoneStaleWhileItsIntentWasWrittenSendsNoAction() throws Exception {
    // Given a worker that froze right after its first intent reached the journal
    Plan plan = new TakeoverStrategy().plan(topology, driver.facts(), Goal.upgradeTo("2.0"));
    MemoryJournal journal = new MemoryJournal();
    Engine engine =
        new Engine(
            driver, journal, new EngineListener() {}, Redactor.of(List.of()), Clock.systemUTC());

    // When it wakes and goes on with that step
    RunResult r;
    try (Lease lease = new StaleAfterIntent(topology.system(), journal)) {
      r = engine.startHolding(lease, topology, plan, template(plan), yes);
    }

    // Then it sends nothing and says why
    assertEquals(RunStatus.HALTED, r.status());
    assertEquals("lost the lease on csm-prod; stopped issuing actions", r.sentence());
    assertEquals(List.of(), driver.log(), "no action after the lease went stale");
  }

  /** A lease that is no longer held once an intent is journaled: the holder froze there. */
  private record StaleAfterIntent(String system, MemoryJournal journal) implements Lease {
    @Override
    public String holder() {
      return "worker-a";
    }

    @Override
    public long epoch() {
      return 4;
    }

    @Override
    public boolean renew() {
      return !intentJournaled();
    }

    @Override
    public boolean isHeld() {
      return !intentJournaled();
    }

    private boolean intentJournaled() {
      return journal.runs(null).stream()
          .flatMap(run -> journal.events(run.runId()).stream())
          .anyMatch(e -> e.type() == EventType.INTENT);
    }

    @Override
    public void close() {}
  }

  private RunRecord template(Plan plan) {
    return RunRecord.starting(
        topology.system(),
        "takeover",
        "2.0",
        plan.goal().options(),
        "t.yaml",
        "",
        plan.fingerprint());
  }

  /** A lease of a fencing store, held by this test for as long as it likes. */
  private record EpochLease(String system, long epoch) implements Lease {
    @Override
    public String holder() {
      return "worker-a";
    }

    @Override
    public boolean renew() {
      return true;
    }

    @Override
    public void close() {}
  }

  /**
   * A journal whose fenced writes are refused once {@code allowed} of them went through, as if
   * another worker had taken the system over at that moment.
   */
  private final class TakenOverAfter implements Journal {
    private final MemoryJournal inner;
    private final AtomicInteger left;
    List<String> actionsBeforeTakeover = List.of();

    TakenOverAfter(MemoryJournal inner, int allowed) {
      this.inner = inner;
      this.left = new AtomicInteger(allowed);
    }

    @Override
    public Journal fencedBy(Lease lease) {
      TakenOverAfter outer = this;
      return new Journal() {
        private void check() {
          if (left.getAndDecrement() <= 0) {
            throw new FencedOffException(lease.system(), lease.epoch(), 5, "worker-b");
          }
          outer.actionsBeforeTakeover = driver.log();
        }

        @Override
        public RunRecord createRun(RunRecord template) {
          check();
          return inner.createRun(template);
        }

        @Override
        public Optional<RunRecord> run(String runId) {
          return inner.run(runId);
        }

        @Override
        public List<RunRecord> runs(String system) {
          return inner.runs(system);
        }

        @Override
        public void setStatus(String runId, RunStatus status) {
          check();
          inner.setStatus(runId, status);
        }

        @Override
        public JournalEvent append(JournalEvent event) {
          check();
          return inner.append(event);
        }

        @Override
        public List<JournalEvent> events(String runId) {
          return inner.events(runId);
        }

        @Override
        public Lease acquireLease(String system, String holder, Duration ttl)
            throws LeaseRefusedException {
          return inner.acquireLease(system, holder, ttl);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public RunRecord createRun(RunRecord template) {
      return inner.createRun(template);
    }

    @Override
    public Optional<RunRecord> run(String runId) {
      return inner.run(runId);
    }

    @Override
    public List<RunRecord> runs(String system) {
      return inner.runs(system);
    }

    @Override
    public void setStatus(String runId, RunStatus status) {
      inner.setStatus(runId, status);
    }

    @Override
    public JournalEvent append(JournalEvent event) {
      return inner.append(event);
    }

    @Override
    public List<JournalEvent> events(String runId) {
      return inner.events(runId);
    }

    @Override
    public Lease acquireLease(String system, String holder, Duration ttl)
        throws LeaseRefusedException {
      return inner.acquireLease(system, holder, ttl);
    }

    @Override
    public void close() {}
  }
}
