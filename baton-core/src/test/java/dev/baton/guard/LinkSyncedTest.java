package dev.baton.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LinkSyncedTest {

  private final Topology t = Fixtures.pair();
  private final LinkSynced guard = new LinkSynced("ha");

  private static Facts link(LinkState state) {
    return Facts.builder("test", Instant.EPOCH).add(FactKind.LINK, "ha", state).build();
  }

  @Test
  void aLaggingLinkIsNotRemovedUntilItCatchesUp() {
    assertEquals(
        "replication ha is lagging, not synced; wait until replication catches up before splitting",
        guard.refusal(t, link(LinkState.LAGGING)).orElseThrow());
  }

  @Test
  void aLinkOfUnknownStateIsRefusedToo() {
    assertEquals(
        "replication ha is unknown, not synced; wait until replication catches up before splitting",
        guard.refusal(t, Facts.empty()).orElseThrow());
  }

  @Test
  void aSyncedLinkMayBeRemoved() {
    assertTrue(guard.refusal(t, link(LinkState.SYNCED)).isEmpty());
    assertEquals(
        "link-synced: replication ha is synced, so splitting loses nothing in flight",
        guard.name() + ": " + guard.describe());
  }
}
