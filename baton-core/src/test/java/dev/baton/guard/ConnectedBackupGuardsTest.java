package dev.baton.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The seed 000 preconditions: free space, integrity, supported source version, drained. */
class ConnectedBackupGuardsTest {

  private final Topology t = Fixtures.pair();

  private static Facts.Builder facts() {
    return Facts.builder("test", Instant.EPOCH);
  }

  private static Facts disk(long free, long log, long data) {
    return facts()
        .add(FactKind.PROPERTY, "rm.free_bytes", String.valueOf(free))
        .add(FactKind.PROPERTY, "rm.log_bytes", String.valueOf(log))
        .add(FactKind.PROPERTY, "rm.data_bytes", String.valueOf(data))
        .build();
  }

  @Test
  void freeSpaceAllowsATenthOfBothFiles() {
    assertTrue(new FreeSpace("rm").refusal(t, disk(2000, 1000, 20_000)).isEmpty());
  }

  @Test
  void freeSpaceRefusesWhenShortOfATenthOfTheDataFileAndSaysByHowMuch() {
    assertEquals(
        "rm has 1.5 kB free but needs 2.0 kB (10% of its data file); 500 B short",
        new FreeSpace("rm").refusal(t, disk(1500, 1000, 20_000)).orElseThrow());
  }

  @Test
  void freeSpaceRefusesWhenShortOfATenthOfTheTransactionLog() {
    assertEquals(
        "rm has 50 B free but needs 100 B (10% of its transaction log); 50 B short",
        new FreeSpace("rm").refusal(t, disk(50, 1000, 100)).orElseThrow());
  }

  @Test
  void freeSpaceRefusesWhenASizeIsUnknown() {
    Facts noLog = facts().add(FactKind.PROPERTY, "rm.free_bytes", "5000").build();
    assertEquals(
        "the free space, transaction log size or data file size of rm is unknown,"
            + " so the upgrade's space cannot be checked",
        new FreeSpace("rm").refusal(t, noLog).orElseThrow());
  }

  @Test
  void integrityCleanRefusesAnErrorAndAnUnknownResult() {
    IntegrityClean g = new IntegrityClean("rm");
    assertTrue(
        g.refusal(t, facts().add(FactKind.PROPERTY, "rm.integrity", "ok").build()).isEmpty());
    assertEquals(
        "the integrity check of rm reported '2 consistency errors'",
        g.refusal(t, facts().add(FactKind.PROPERTY, "rm.integrity", "2 consistency errors").build())
            .orElseThrow());
    assertEquals(
        "the integrity of rm is unknown; check its databases before upgrading",
        g.refusal(t, Facts.empty()).orElseThrow());
  }

  @Test
  void supportedSourceRefusesAVersionBelowTheMinimumNamingBoth() {
    SupportedSource g = new SupportedSource("rm", Version.parse("8.8"));
    Facts old = facts().add(FactKind.VERSION, "rm", Version.parse("8.6.1")).build();
    assertEquals(
        "rm runs 8.6.1, older than 8.8, the oldest version this release upgrades from directly",
        g.refusal(t, old).orElseThrow());
    Facts atMinimum = facts().add(FactKind.VERSION, "rm", Version.parse("8.8.0")).build();
    assertTrue(g.refusal(t, atMinimum).isEmpty());
  }

  @Test
  void sessionsDrainedRefusesWhileSessionsRemainOrNewOnesAreAllowed() {
    SessionsDrained g = new SessionsDrained("rm");
    Facts busy = facts().add(FactKind.DRAINED, "rm", true).add(FactKind.SESSIONS, "rm", 3).build();
    assertEquals("rm still has 3 session(s)", g.refusal(t, busy).orElseThrow());
    Facts open = facts().add(FactKind.DRAINED, "rm", false).add(FactKind.SESSIONS, "rm", 0).build();
    assertEquals("rm still accepts new sessions", g.refusal(t, open).orElseThrow());
    Facts done = facts().add(FactKind.DRAINED, "rm", true).add(FactKind.SESSIONS, "rm", 0).build();
    assertTrue(g.refusal(t, done).isEmpty());
  }

  @Test
  void backupCleanRefusesWarningsAndAnUnknownResultButPassesNone() {
    Facts warned = facts().add(FactKind.PROPERTY, "rm.backup_warnings", "2 files skipped").build();
    Facts clean = facts().add(FactKind.PROPERTY, "rm.backup_warnings", "none").build();
    assertEquals(
        "the backup of rm finished with warnings ('2 files skipped'); a backup that warns may not"
            + " restore",
        new BackupClean("rm").refusal(t, warned).orElseThrow());
    assertEquals(
        "whether the backup of rm finished without warnings is unknown",
        new BackupClean("rm").refusal(t, facts().build()).orElseThrow());
    assertTrue(new BackupClean("rm").refusal(t, clean).isEmpty());
  }
}
