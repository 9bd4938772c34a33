package dev.baton.journal;

import static dev.baton.journal.Fixtures.outcome;
import static dev.baton.journal.Fixtures.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.FencedOffException;
import dev.baton.engine.Journal;
import dev.baton.engine.Lease;
import dev.baton.engine.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fenced leases: an epoch that grows with every new holder, and writes under an older epoch refused
 * by the journal in the write's own transaction.
 */
abstract class FencingContract extends JournalContract {

  private static final Duration TTL = Duration.ofSeconds(30);

  @Test
  void theEpochGrowsWithEveryNewHolderAndStaysForTheSameOne() throws Exception {
    Lease first = journal.acquireLease("csm-prod", "r-1", TTL);
    assertEquals(1, first.epoch());
    assertEquals(1, journal.acquireLease("csm-prod", "r-1", TTL).epoch(), "the same holder");

    first.close();
    Lease second = journal.acquireLease("csm-prod", "r-2", TTL);
    assertEquals(2, second.epoch(), "a released lease keeps its epoch for the next holder");

    store.elapse(clock, TTL);
    assertEquals(3, journal.acquireLease("csm-prod", "r-3", TTL).epoch(), "taken over");
  }

  @Test
  void aWriteUnderATakenOverLeaseIsRefusedWithASentenceAndChangesNothing() throws Exception {
    Lease old = journal.acquireLease("csm-prod", "worker-a", TTL);
    Journal oldWrites = journal.fencedBy(old);
    String runId = oldWrites.createRun(template("csm-prod")).runId();
    oldWrites.append(outcome(runId, "s1", "done under epoch 1"));

    store.elapse(clock, TTL);
    Lease taken = journal.acquireLease("csm-prod", "worker-b", TTL);

    var refused =
        assertThrows(
            FencedOffException.class, () -> oldWrites.append(outcome(runId, "s2", "too late")));
    assertEquals(
        "the journal refused a write under epoch 1 of the lease on csm-prod, which epoch 2"
            + " (worker-b) holds now; stopped issuing actions",
        refused.getMessage());
    assertThrows(FencedOffException.class, () -> oldWrites.setStatus(runId, RunStatus.HALTED));
    assertThrows(FencedOffException.class, () -> oldWrites.createRun(template("csm-prod")));
    assertEquals(1, journal.events(runId).size());
    assertEquals(RunStatus.RUNNING, journal.run(runId).orElseThrow().status());
    assertEquals(1, journal.runs(null).size());

    journal.fencedBy(taken).append(outcome(runId, "s2", "done under epoch 2"));
    assertEquals(2, journal.events(runId).size());
  }

  @Test
  void everyRecordKeepsTheEpochItWasWrittenUnder() throws Exception {
    String runId = journal.createRun(template("csm-prod")).runId();
    journal.append(outcome(runId, "s0", "written without a lease"));
    try (Lease lease = journal.acquireLease("csm-prod", "worker-a", TTL)) {
      journal.fencedBy(lease).append(outcome(runId, "s1", "written under the lease"));
    }

    assertEquals(java.util.Arrays.asList(null, "1"), storedEpochs(runId));
  }

  @Test
  void aRunOfAnotherSystemCannotBeWrittenUnderALease() throws Exception {
    String runId = journal.createRun(template("crm-prod")).runId();
    Lease lease = journal.acquireLease("csm-prod", "worker-a", TTL);

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> journal.fencedBy(lease).append(outcome(runId, "s1", "wrong system")));
    assertEquals(
        "a run of system crm-prod cannot be written under the lease on csm-prod", e.getMessage());
  }

  /**
   * A holder appending as fast as it can while another takes the system over: once the takeover has
   * committed, not one more record of the old epoch lands, because each write checks the epoch in
   * its own transaction rather than before it.
   */
  @Test
  void noRecordOfTheOldEpochLandsOnceTheTakeoverHasCommitted() throws Exception {
    Lease old = journal.acquireLease("csm-prod", "worker-a", Duration.ofSeconds(2));
    Journal oldWrites = journal.fencedBy(old);
    String runId = oldWrites.createRun(template("csm-prod")).runId();
    AtomicInteger written = new AtomicInteger();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Journal other = store.open(clock)) {
      Future<FencedOffException> appender =
          pool.submit(
              () -> {
                try {
                  for (int i = 0; ; i++) {
                    oldWrites.append(outcome(runId, "s" + i, "step " + i));
                    written.incrementAndGet();
                  }
                } catch (FencedOffException e) {
                  return e;
                }
              });
      dev.baton.testkit.Poll.until(
          Duration.ofSeconds(30), "the old holder to write a few records", () -> written.get() > 5);
      store.elapse(clock, Duration.ofSeconds(2));
      other.acquireLease("csm-prod", "worker-b", TTL);
      int landed = storedEpochs(runId).size();

      FencedOffException e = appender.get(30, TimeUnit.SECONDS);
      assertEquals(2, e.currentEpoch());
      assertEquals(landed, storedEpochs(runId).size(), "records landed after the takeover");
      assertTrue(landed > 5, "records before the takeover: " + landed);
    } finally {
      pool.shutdownNow();
    }
  }

  private java.util.List<String> storedEpochs(String runId) throws SQLException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (Connection c = store.raw();
        PreparedStatement q =
            c.prepareStatement("SELECT epoch FROM events WHERE run_id = ? ORDER BY seq")) {
      q.setString(1, runId);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
