package dev.baton.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardsTest {

  private final Topology t = Fixtures.pair();
  private final Facts ok = Fixtures.healthyPair();

  private static Facts with(Facts f, FactKind k, String s, Object v) {
    return f.with(List.of(new Fact(k, s, v, "test", Instant.EPOCH)));
  }

  @Test
  void standbySyncedRefusesALaggingStandbyWithTheLag() {
    StandbySynced g = new StandbySynced("ha", "b", 0);
    assertTrue(g.refusal(t, ok).isEmpty());
    Facts lag =
        with(
            with(ok, FactKind.LINK, "ha", LinkState.LAGGING),
            FactKind.LAG_BYTES,
            "ha",
            48_000_000L);
    assertEquals("standby b lags 48 MB behind (ha)", g.refusal(t, lag).orElseThrow());
    Facts removed = with(ok, FactKind.LINK, "ha", LinkState.REMOVED);
    assertEquals(
        "replication ha is removed, so b is not synced", g.refusal(t, removed).orElseThrow());
  }

  @Test
  void standbySyncedAllowsLagWithinItsThreshold() {
    Facts small = with(ok, FactKind.LAG_BYTES, "ha", 500L);
    assertTrue(new StandbySynced("ha", "b", 1000).refusal(t, small).isEmpty());
    assertEquals(
        "standby b lags 500 B behind (ha)",
        new StandbySynced("ha", "b", 0).refusal(t, small).orElseThrow());
  }

  @Test
  void laggingWithoutAMeasuredLagIsRefused() {
    Facts noLag = Facts.of(ok.all().stream().filter(f -> f.kind() != FactKind.LAG_BYTES).toList());
    Facts lagging = with(noLag, FactKind.LINK, "ha", LinkState.LAGGING);
    assertEquals(
        "standby b lags behind by an unknown amount (ha)",
        new StandbySynced("ha", "b", 1000).refusal(t, lagging).orElseThrow());
  }

  @Test
  void sameLevelRefusesDifferentVersions() {
    SameLevel g = new SameLevel("a", "b");
    assertTrue(g.refusal(t, ok).isEmpty());
    assertEquals(
        "a runs 1.0 but b runs 1.1",
        g.refusal(t, with(ok, FactKind.VERSION, "b", Version.parse("1.1"))).orElseThrow());
  }

  @Test
  void transitorySessionsRefuse() {
    NoTransitorySessions g = new NoTransitorySessions("a");
    assertTrue(g.refusal(t, ok).isEmpty());
    assertEquals(
        "a has 2 session(s) in a transitory state (preparing, suspending or recovering)",
        g.refusal(t, with(ok, FactKind.TRANSITORY_SESSIONS, "a", 2)).orElseThrow());
  }

  @Test
  void roleBackupVersionAndReachabilityRefuse() {
    assertEquals(
        "b is standby, expected active", new HasRole("b", "active").refusal(t, ok).orElseThrow());
    assertEquals("a has no verified backup", new BackupExists("a").refusal(t, ok).orElseThrow());
    assertEquals(
        "a runs 1.0, not 2.0",
        new AtVersion("a", Version.parse("2.0")).refusal(t, ok).orElseThrow());
    assertEquals(
        "node node-b is unreachable",
        new Reachable("node-b")
            .refusal(t, with(ok, FactKind.REACHABLE, "node-b", false))
            .orElseThrow());
    assertTrue(new Reachable("node-a").refusal(t, ok).isEmpty());
  }
}
