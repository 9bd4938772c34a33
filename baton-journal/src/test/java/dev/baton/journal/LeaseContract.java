package dev.baton.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** System leases: one live holder at a time, expiry, takeover and release, on any journal. */
abstract class LeaseContract extends JournalContract {

  static final Duration TTL = Duration.ofSeconds(30);
  static final long MY_PID = ProcessHandle.current().pid();
  static final String HOST = SqliteJournal.localHostName();

  @Test
  void aSecondHolderIsRefusedWithASentenceNamingTheHolder() throws Exception {
    journal.acquireLease("csm-prod", "r-1", TTL);

    var e =
        assertThrows(
            LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
    assertEquals(
        "system csm-prod is held by run r-1 (pid %d on host %s) until %s; refusing to act"
            .formatted(MY_PID, HOST, Timestamps.timeOfDay(store.leaseExpiry("csm-prod"))),
        e.getMessage());
  }

  @Test
  void leasesOfDifferentSystemsAreIndependent() throws Exception {
    journal.acquireLease("csm-prod", "r-1", TTL);
    assertEquals("crm-prod", journal.acquireLease("crm-prod", "r-2", TTL).system());
  }

  @Test
  void theSameHolderMayRefreshItsLease() throws Exception {
    journal.acquireLease("csm-prod", "r-1", TTL);
    store.elapse(clock, Duration.ofSeconds(20));
    Lease refreshed = journal.acquireLease("csm-prod", "r-1", TTL);
    store.elapse(clock, Duration.ofSeconds(20));

    assertEquals("r-1", refreshed.holder());
    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
  }

  @Test
  void renewExtendsTheLeasePastItsFirstExpiry() throws Exception {
    Lease lease = journal.acquireLease("csm-prod", "r-1", TTL);
    store.elapse(clock, Duration.ofSeconds(20));
    assertTrue(lease.renew());
    store.elapse(clock, Duration.ofSeconds(20));

    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsOldHolderCannotRenew() throws Exception {
    Lease old = journal.acquireLease("csm-prod", "r-1", TTL);
    store.elapse(clock, TTL);

    Lease taken = journal.acquireLease("csm-prod", "r-2", TTL);
    assertEquals("r-2", taken.holder());
    assertFalse(old.renew());
    old.close();
    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-3", TTL));
  }

  @Test
  void aLeaseOnceLostStaysLost() throws Exception {
    Lease old = journal.acquireLease("csm-prod", "r-1", TTL);
    store.elapse(clock, TTL);
    journal.acquireLease("csm-prod", "r-2", TTL).close();

    assertFalse(old.renew());
    // The row is free again, but a gap in control must not be papered over by a later renew.
    assertFalse(old.renew());
  }

  @Test
  void aLeaseOfADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
    store.plantLease("csm-prod", "r-killed", deadPid(), HOST);

    assertEquals("r-resume", journal.acquireLease("csm-prod", "r-resume", TTL).holder());
  }

  @Test
  void aLeaseFromAnotherHostWaitsForItsExpiry() throws Exception {
    store.plantLease("csm-prod", "r-remote", deadPid(), "some-other-host");

    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
  }

  @Test
  void theSameRunInASecondLiveProcessIsRefused() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      store.plantLease("csm-prod", "r-1", other.pid(), HOST);
      var e =
          assertThrows(
              LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-1", TTL));
      assertTrue(e.getMessage().contains("(pid " + other.pid() + " on host"), e.getMessage());
    } finally {
      other.destroy();
      other.waitFor();
    }
  }

  @Test
  void closeReleasesTheLease() throws Exception {
    Lease lease = journal.acquireLease("csm-prod", "r-1", TTL);
    lease.close();

    assertEquals("r-2", journal.acquireLease("csm-prod", "r-2", TTL).holder());
    assertFalse(lease.renew());
  }

  @Test
  void renewOnAClosedJournalReturnsFalseInsteadOfThrowing() throws Exception {
    Lease lease = journal.acquireLease("csm-prod", "r-1", TTL);
    journal.close();

    assertFalse(lease.renew());
  }

  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }
}
