package dev.baton.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testing.MemoryJournal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeasesTest {

  private static final Duration TTL = Duration.ofSeconds(15);
  private final MemoryJournal journal = new MemoryJournal();

  @Test
  void aWatcherHoldsTheLeaseUnderANameThatSaysItIsAWatcherUntilItCloses() throws Exception {
    try (KeptLease lease = Leases.keep(journal, "csm-prod", Leases.Holder.WATCH, TTL)) {
      assertTrue(
          lease.holder().startsWith("watch-" + ProcessHandle.current().pid() + "-"),
          lease.holder());
      assertTrue(lease.isHeld());
      assertEquals(lease.holder(), journal.leases.get("csm-prod"));
    }
    assertFalse(journal.leases.containsKey("csm-prod"));
  }

  @Test
  void aLeaseAnotherHolderHasIsRefusedWithItsSentence() {
    journal.leases.put("csm-prod", "someone-else");
    LeaseRefusedException e =
        assertThrows(
            LeaseRefusedException.class,
            () -> Leases.keep(journal, "csm-prod", Leases.Holder.RUN, TTL));
    assertEquals("system csm-prod is held by someone-else", e.getMessage());
  }
}
