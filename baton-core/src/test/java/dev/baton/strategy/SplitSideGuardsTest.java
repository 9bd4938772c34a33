package dev.baton.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.guard.LinkSynced;
import dev.baton.guard.SamePassphrase;
import dev.baton.guard.StoppedFirst;
import dev.baton.model.SecretFingerprint;
import dev.baton.model.Topology;
import dev.baton.plan.Condition;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 002's rules as guards and conditions, each made to fire. */
class SplitSideGuardsTest {

  private final Topology t = Fixtures.pair();
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static Facts.Builder facts() {
    return Facts.builder("test", NOW);
  }

  @Test
  void samePassphraseAllowsTheFingerprintTheSystemWasInstalledWith() {
    String fp = SecretFingerprint.of("ccmp", "open-sesame");
    Facts f =
        facts()
            .add(FactKind.PROPERTY, "db.passphrase-fingerprint", fp)
            .add(FactKind.PROPERTY, "secret.pass.fingerprint", fp)
            .build();
    assertTrue(new SamePassphrase("db", "pass").refusal(t, f).isEmpty());
  }

  @Test
  void samePassphraseRefusesANewOneAndShowsOnlyFingerprints() {
    String installed = SecretFingerprint.of("ccmp", "open-sesame");
    String given = SecretFingerprint.of("ccmp", "new-passphrase");
    Facts f =
        facts()
            .add(FactKind.PROPERTY, "db.passphrase-fingerprint", installed)
            .add(FactKind.PROPERTY, "secret.pass.fingerprint", given)
            .build();
    String why = new SamePassphrase("db", "pass").refusal(t, f).orElseThrow();
    assertEquals(
        "secret pass has fingerprint "
            + given
            + " but db was installed with "
            + installed
            + "; a new passphrase would leave its existing data unreadable",
        why);
    assertFalse(why.contains("open-sesame") || why.contains("new-passphrase"));
  }

  @Test
  void samePassphraseRefusesWhenTheSecretIsNotSetOrTheInstalledOneIsUnknown() {
    Facts installedOnly =
        facts().add(FactKind.PROPERTY, "db.passphrase-fingerprint", "pbkdf2:00").build();
    assertEquals(
        "secret pass is not set, so its passphrase cannot be checked",
        new SamePassphrase("db", "pass").refusal(t, installedOnly).orElseThrow());
    Facts givenOnly =
        facts().add(FactKind.PROPERTY, "secret.pass.fingerprint", "pbkdf2:00").build();
    assertEquals(
        "the fingerprint of the passphrase db was installed with is unknown",
        new SamePassphrase("db", "pass").refusal(t, givenOnly).orElseThrow());
  }

  @Test
  void fingerprintsDependOnTheSystemAndNeverContainTheValue() {
    String a = SecretFingerprint.of("ccmp", "open-sesame");
    assertEquals(a, SecretFingerprint.of("ccmp", "open-sesame"));
    assertNotEquals(a, SecretFingerprint.of("other", "open-sesame"));
    assertTrue(a.matches("pbkdf2:[0-9a-f]{16}"), a);
  }

  @Test
  void linkSyncedRefusesToSplitWhileReplicationLags() {
    Facts lagging = facts().add(FactKind.LINK, "portal", LinkState.LAGGING).build();
    String why = new LinkSynced("portal").refusal(t, lagging).orElseThrow();
    assertTrue(why.endsWith("wait until replication catches up before splitting"), why);
    Facts synced = facts().add(FactKind.LINK, "portal", LinkState.SYNCED).build();
    assertTrue(new LinkSynced("portal").refusal(t, synced).isEmpty());
  }

  @Test
  void softwareIsRemovedOnlyFromAStoppedComponent() {
    Facts running = facts().add(FactKind.SERVICE, "web", ServiceState.RUNNING).build();
    assertEquals(
        "web is running, not stopped", new StoppedFirst("web").refusal(t, running).orElseThrow());
    Facts stopped = facts().add(FactKind.SERVICE, "web", ServiceState.STOPPED).build();
    assertTrue(new StoppedFirst("web").refusal(t, stopped).isEmpty());
  }

  private static Facts removed(String at) {
    return facts().add(FactKind.PROPERTY, "portal.removed-at", at).build();
  }

  @Test
  void aDayApartOrMoreMeansRestoreAndLessMeansUpgrade() {
    Condition apart = new Condition.SplitFor("portal", 24);
    assertTrue(apart.holds(removed("2026-11-21T12:00:00Z")), "exactly 24 h");
    assertTrue(apart.holds(removed("2026-11-19T00:00:00Z")));
    assertFalse(apart.holds(removed("2026-11-21T12:00:01Z")), "a second short of 24 h");
    assertEquals(
        "portal was removed 23 h ago, less than 24 h",
        apart.unmet(removed("2026-11-21T12:30:00Z")).orElseThrow());
    assertFalse(apart.holds(Facts.empty()));
    assertEquals("portal has no known removal time", apart.unmet(Facts.empty()).orElseThrow());
    assertFalse(apart.holds(removed("yesterday")));
  }

  @Test
  void theRestoreStepIsSkippedWhenApartLessThanADayOrAlreadyRestored() {
    Condition skip =
        new Condition.AnyOf(
            List.of(
                new Condition.Not(new Condition.SplitFor("portal", 24)),
                new Condition.PropertyIs("b.restored-from", "a:label")));
    assertTrue(skip.holds(removed("2026-11-22T06:00:00Z")));
    assertFalse(skip.holds(removed("2026-11-20T06:00:00Z")));
    Facts restored =
        facts()
            .add(FactKind.PROPERTY, "portal.removed-at", "2026-11-20T06:00:00Z")
            .add(FactKind.PROPERTY, "b.restored-from", "a:label")
            .build();
    assertTrue(skip.holds(restored));
    assertEquals("(portal removed less than 24 h ago or b.restored-from=a:label)", skip.describe());
  }
}
