package dev.baton.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActivePairTest {

  private final Topology pair = Fixtures.pair();

  @Test
  void theMemberObservedActiveIsTheActiveWhateverWasDeclared() {
    Facts swapped =
        Facts.builder("test", Instant.EPOCH)
            .add(FactKind.ROLE, "a", "standby")
            .add(FactKind.ROLE, "b", "active")
            .build();
    ActivePair p = ActivePair.observed(pair, swapped, RoleModel.ACTIVE_STANDBY).orElseThrow();
    assertEquals("b", p.active().name());
    assertEquals("a", p.standby().name());
    assertEquals("ha", p.link(pair).map(ReplicationLink::name).orElseThrow());
  }

  @Test
  void aPairWithNoMemberAnsweringAsActiveHasNoActivePair() {
    Facts onlyStandby =
        Facts.builder("test", Instant.EPOCH).add(FactKind.ROLE, "b", "standby").build();
    assertTrue(ActivePair.observed(pair, onlyStandby, RoleModel.ACTIVE_STANDBY).isEmpty());
    assertTrue(ActivePair.observed(pair, Facts.empty(), RoleModel.ACTIVE_STANDBY).isEmpty());
  }
}
