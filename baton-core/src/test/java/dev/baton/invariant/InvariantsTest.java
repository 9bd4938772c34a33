package dev.baton.invariant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvariantsTest {

  private final Topology pair = Fixtures.pair();
  private final Facts healthy = Fixtures.healthyPair();

  private static Facts with(Facts f, FactKind k, String s, Object v) {
    return f.with(List.of(new Fact(k, s, v, "test", Instant.EPOCH)));
  }

  private static Step step(String verb, String target, Map<String, String> params) {
    return Step.builder("s", "s", Action.once(Verb.parse(verb).orElseThrow(), target, params))
        .build();
  }

  @Test
  void twoActivesInOneRoleGroupBreakTheBound() {
    AtMostOneActive inv = new AtMostOneActive(RoleModel.ACTIVE_STANDBY);
    assertTrue(inv.violation(pair, healthy, null).isEmpty());
    Facts split = with(healthy, FactKind.ROLE, "b", "active");
    assertEquals(
        "role group csm has 2 active members (a, b); at most 1 may be active",
        inv.violation(pair, split, null).orElseThrow());
  }

  @Test
  void takeoverOntoALaggingStandbyIsRefused() {
    TakeoverOntoSyncedStandby inv = new TakeoverOntoSyncedStandby();
    Step takeover = step("takeover", "b", Map.of());
    assertTrue(inv.violation(pair, healthy, takeover).isEmpty());
    Facts lagging =
        with(
            with(healthy, FactKind.LINK, "ha", LinkState.LAGGING),
            FactKind.LAG_BYTES,
            "ha",
            48_000_000L);
    assertEquals(
        "a takeover onto b would lose data: replication ha is lagging with 48 MB not yet replayed",
        inv.violation(pair, lagging, takeover).orElseThrow());
    assertTrue(inv.violation(pair, lagging, step("stop", "b", Map.of())).isEmpty());
  }

  @Test
  void redirectToAnOlderComponentIsRefused() {
    NoRedirectToOlderSide inv = new NoRedirectToOlderSide();
    Step back = step("redirect", "csm.example", Map.of("to", "b"));
    assertTrue(inv.violation(pair, healthy, back).isEmpty());
    Facts aNewer = with(healthy, FactKind.VERSION, "a", Version.parse("2.0"));
    assertEquals(
        "entry point csm.example would move from a (2.0) to b, which runs the older version 1.0",
        inv.violation(pair, aNewer, back).orElseThrow());
  }

  @Test
  void destructiveStepWithoutBackupIsRefused() {
    BackupBeforeDestructive inv = new BackupBeforeDestructive();
    Step install =
        Step.builder("upgrade-a", "u", Action.once(Verb.INSTALL, "a", Map.of("version", "2.0")))
            .destructive()
            .build();
    assertEquals(
        "upgrade-a would change a, which has no verified backup; back it up first",
        inv.violation(pair, healthy, install).orElseThrow());
    assertTrue(inv.violation(pair, with(healthy, FactKind.BACKUP, "a", "pre"), install).isEmpty());
  }

  @Test
  void destructiveStepOnALinkNeedsBackupsOfBothEnds() {
    BackupBeforeDestructive inv = new BackupBeforeDestructive();
    Step unlink =
        Step.builder("x", "x", Action.once(Verb.REMOVE_REPLICATION, "ha", Map.of()))
            .destructive()
            .build();
    Facts onlyA = with(healthy, FactKind.BACKUP, "a", "pre");
    assertEquals(
        "x would change b, which has no verified backup; back it up first",
        inv.violation(pair, onlyA, unlink).orElseThrow());
  }
}
