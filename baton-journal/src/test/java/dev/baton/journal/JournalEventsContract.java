package dev.baton.journal;

import static dev.baton.journal.Fixtures.T0;
import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs and their records, written and read back, on any journal. */
abstract class JournalEventsContract extends JournalContract {

  @Test
  void appendedEventsReadBackEqualWithIncreasingSeq() {
    String runId = journal.createRun(template("csm-prod")).runId();
    JournalEvent intent =
        JournalEvent.of(
            runId,
            "promote-db-b",
            EventType.INTENT,
            null,
            "lag(a→b)=0B\nrole(db-b)=replica",
            Instant.parse("2026-11-21T23:15:01.123456789Z"),
            Map.of());
    JournalEvent first = journal.append(intent);
    JournalEvent second = journal.append(outcome(runId, "promote-db-b", "db-b is primary"));

    assertTrue(
        first.seq() > 0 && second.seq() > first.seq(), first.seq() + " then " + second.seq());
    assertEquals(intent, unsequenced(first));
    assertEquals(outcome(runId, "promote-db-b", "db-b is primary"), unsequenced(second));
    assertEquals(List.of(first, second), journal.events(runId));
  }

  @Test
  void nullDecisionStaysNullAndMissingTimeIsStampedByTheClock() {
    String runId = journal.createRun(template("csm-prod")).runId();
    journal.append(JournalEvent.of(runId, null, EventType.RUN_STARTED, null, null, null, Map.of()));

    JournalEvent read = journal.events(runId).get(0);
    assertNull(read.decision());
    assertEquals(T0, read.at());
    assertEquals("", read.stepId());
  }

  @Test
  void eventsOfDifferentRunsDoNotMix() {
    String a = journal.createRun(template("csm-prod")).runId();
    String b = journal.createRun(template("csm-prod")).runId();
    journal.append(outcome(a, "s1", "a1"));
    journal.append(outcome(b, "s1", "b1"));
    journal.append(outcome(a, "s2", "a2"));

    assertEquals(
        List.of("a1", "a2"), journal.events(a).stream().map(e -> e.decision().sentence()).toList());
    assertEquals(1, journal.events(b).size());
  }

  @Test
  void appendingToAnUnknownRunIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> journal.append(outcome("r-nope", "s", "x")));
    assertTrue(e.getMessage().startsWith("there is no run r-nope"), e.getMessage());
  }

  @Test
  void createdRunIsRunningWithATimeStampedIdAndReadsBack() {
    RunRecord run = journal.createRun(template("csm-prod"));

    assertTrue(run.runId().matches("r-20261121-231500-[0-9a-f]{4}"), run.runId());
    assertEquals(RunStatus.RUNNING, run.status());
    assertEquals(T0, run.createdAt());
    assertEquals(run, journal.run(run.runId()).orElseThrow());
    assertEquals(Map.of("parallel", "2"), run.options());
  }

  @Test
  void runsAreListedNewestFirstAndFilteredBySystem() {
    String first = journal.createRun(template("csm-prod")).runId();
    clock.advance(Duration.ofMillis(500));
    String other = journal.createRun(template("crm-test")).runId();
    clock.advance(Duration.ofSeconds(1));
    String third = journal.createRun(template("csm-prod")).runId();

    assertEquals(List.of(third, first), ids(journal.runs("csm-prod")));
    assertEquals(List.of(third, other, first), ids(journal.runs(null)));
  }

  @Test
  void setStatusChangesStatusAndUpdateTime() {
    String runId = journal.createRun(template("csm-prod")).runId();
    clock.advance(Duration.ofSeconds(5));
    journal.setStatus(runId, RunStatus.HALTED);

    RunRecord run = journal.run(runId).orElseThrow();
    assertEquals(RunStatus.HALTED, run.status());
    assertEquals(T0.plusSeconds(5), run.updatedAt());
    assertThrows(IllegalArgumentException.class, () -> journal.setStatus("r-nope", RunStatus.DONE));
  }

  private static JournalEvent unsequenced(JournalEvent e) {
    return JournalEvent.of(
        e.runId(), e.stepId(), e.type(), e.decision(), e.evidence(), e.at(), e.data());
  }

  private static List<String> ids(List<RunRecord> runs) {
    return runs.stream().map(RunRecord::runId).toList();
  }
}
