package dev.baton.journal;

import static dev.baton.journal.Fixtures.T0;
import static dev.baton.journal.Fixtures.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {

  private static final Duration TTL = Duration.ofSeconds(30);
  private static final long MY_PID = ProcessHandle.current().pid();
  private static final String HOST = SqliteJournal.localHostName();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private SqliteJournal journal;

  @BeforeEach
  void open() {
    journal = SqliteJournal.open(dir.resolve("journal.db"), clock);
  }

  @AfterEach
  void close() {
    journal.close();
  }

  @Test
  void aSecondHolderIsRefusedWithASentenceNamingTheHolder() throws Exception {
    journal.acquireLease("csm-prod", "r-1", TTL);

    var e =
        assertThrows(
            LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
    assertEquals(
        "system csm-prod is held by run r-1 (pid %d on host %s) until 23:15:30Z; refusing to act"
            .formatted(MY_PID, HOST),
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
    clock.advance(Duration.ofSeconds(20));
    Lease refreshed = journal.acquireLease("csm-prod", "r-1", TTL);
    clock.advance(Duration.ofSeconds(20));

    assertEquals("r-1", refreshed.holder());
    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
  }

  @Test
  void renewExtendsTheLeasePastItsFirstExpiry() throws Exception {
    Lease lease = journal.acquireLease("csm-prod", "r-1", TTL);
    clock.advance(Duration.ofSeconds(20));
    assertTrue(lease.renew());
    clock.advance(Duration.ofSeconds(20));

    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsOldHolderCannotRenew() throws Exception {
    Lease old = journal.acquireLease("csm-prod", "r-1", TTL);
    clock.advance(TTL);

    Lease taken = journal.acquireLease("csm-prod", "r-2", TTL);
    assertEquals("r-2", taken.holder());
    assertFalse(old.renew());
    old.close();
    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-3", TTL));
  }

  @Test
  void aLeaseOnceLostStaysLost() throws Exception {
    Lease old = journal.acquireLease("csm-prod", "r-1", TTL);
    clock.advance(TTL);
    journal.acquireLease("csm-prod", "r-2", TTL).close();

    assertFalse(old.renew());
    // The row is free again, but a gap in control must not be papered over by a later renew.
    assertFalse(old.renew());
  }

  @Test
  void aLeaseOfADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
    insertLease("r-killed", deadPid(), HOST);

    assertEquals("r-resume", journal.acquireLease("csm-prod", "r-resume", TTL).holder());
  }

  @Test
  void aLeaseFromAnotherHostWaitsForItsExpiry() throws Exception {
    insertLease("r-remote", deadPid(), "some-other-host");

    assertThrows(LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-2", TTL));
  }

  @Test
  void theSameRunInASecondLiveProcessIsRefused() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      insertLease("r-1", other.pid(), HOST);
      var e =
          assertThrows(
              LeaseRefusedException.class, () -> journal.acquireLease("csm-prod", "r-1", TTL));
      assertTrue(e.getMessage().contains("(pid " + other.pid() + " on host"), e.getMessage());
    } finally {
      other.destroy();
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

  private void insertLease(String holder, long pid, String host) throws Exception {
    try (Connection raw = raw(dir.resolve("journal.db"));
        PreparedStatement insert =
            raw.prepareStatement(
                "INSERT INTO leases VALUES ('csm-prod', ?, ?, ?, ?, '2099-01-01T00:00:00.000000000Z')")) {
      insert.setString(1, holder);
      insert.setLong(2, pid);
      insert.setString(3, host);
      insert.setString(4, Timestamps.format(T0));
      insert.executeUpdate();
    }
  }
}
