package dev.baton.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.SecretRef;
import dev.baton.model.Topology;
import dev.baton.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Seed 003's preconditions, each made to refuse on facts and to pass once they hold. */
class UnclusterGuardsTest {

  private final Topology t = Fixtures.pair();

  private static Facts.Builder facts() {
    return Facts.builder("test", Instant.EPOCH);
  }

  @Test
  void dependentsQuiescedRefusesWhileOneDependentStillRuns() {
    DependentsQuiesced g = new DependentsQuiesced(List.of("bts-host-1", "bts-sql-jobs"));
    Facts oneRuns =
        facts()
            .add(FactKind.SERVICE, "bts-host-1", ServiceState.STOPPED)
            .add(FactKind.SERVICE, "bts-sql-jobs", ServiceState.RUNNING)
            .build();
    assertEquals(
        Optional.of("dependent bts-sql-jobs still runs; quiesce every dependent first"),
        g.refusal(t, oneRuns));
    Facts unknown = facts().add(FactKind.SERVICE, "bts-host-1", ServiceState.STOPPED).build();
    assertEquals(
        Optional.of("whether dependent bts-sql-jobs still runs is unknown"), g.refusal(t, unknown));
    Facts allStopped =
        oneRuns.with(
            facts().add(FactKind.SERVICE, "bts-sql-jobs", ServiceState.STOPPED).build().all());
    assertEquals(Optional.empty(), g.refusal(t, allStopped));
  }

  @Test
  void secretBackedUpRefusesAMissingOrAnOlderSecretBackup() {
    SecretBackedUp g = new SecretBackedUp("entsso-cluster", "pre-4.0.2-master-secret");
    assertEquals(
        Optional.of("the master secret of entsso-cluster has no backup"),
        g.refusal(t, Facts.empty()));
    Facts older =
        facts().add(FactKind.PROPERTY, "entsso-cluster.secret-backup", "pre-4.0.1-ms").build();
    assertEquals(
        Optional.of(
            "the newest backup of the master secret of entsso-cluster is pre-4.0.1-ms, not this"
                + " upgrade's pre-4.0.2-master-secret"),
        g.refusal(t, older));
    Facts taken =
        facts()
            .add(FactKind.PROPERTY, "entsso-cluster.secret-backup", "pre-4.0.2-master-secret")
            .build();
    assertEquals(Optional.empty(), g.refusal(t, taken));
  }

  @Test
  void secretSetRefusesAnUnsetSecretNamingItsReferenceOnly() {
    Topology withSecret =
        new Topology(
            t.system(),
            t.pack(),
            t.driver(),
            t.roleModel(),
            t.sides(),
            t.nodes(),
            t.components(),
            t.links(),
            t.entryPoints(),
            List.of(new SecretRef("sso-backup", SecretRef.Scheme.ENV, "SSO_BACKUP_PASSWORD")),
            t.sim());
    SecretSet g = new SecretSet("sso-backup");
    assertEquals(
        Optional.of("secret sso-backup (env:SSO_BACKUP_PASSWORD) is not set"),
        g.refusal(withSecret, Facts.empty()));
    Facts set = facts().add(FactKind.PROPERTY, "secret.sso-backup.fingerprint", "ab12").build();
    assertEquals(Optional.empty(), g.refusal(withSecret, set));
  }

  @Test
  void consistentBackupRefusesADatabaseWithoutTheSharedFullBackup() {
    ConsistentBackup g = new ConsistentBackup(List.of("sso-db", "biztalk-dbs"), "pre-4.0.2-full");
    Facts ssoOnly = facts().add(FactKind.BACKUP, "sso-db", "pre-4.0.2-full").build();
    assertEquals(
        Optional.of(
            "biztalk-dbs has no verified backup; take the full backup pre-4.0.2-full first"),
        g.refusal(t, ssoOnly));
    Facts mixed =
        ssoOnly.with(facts().add(FactKind.BACKUP, "biztalk-dbs", "nightly-0412").build().all());
    assertEquals(
        Optional.of(
            "biztalk-dbs's newest backup is nightly-0412, not the full backup pre-4.0.2-full the"
                + " other databases share"),
        g.refusal(t, mixed));
    Facts consistent =
        ssoOnly.with(facts().add(FactKind.BACKUP, "biztalk-dbs", "pre-4.0.2-full").build().all());
    assertEquals(Optional.empty(), g.refusal(t, consistent));
  }

  @Test
  void unclusteredRefusesWhileTheResourceIsOnline() {
    Unclustered g = new Unclustered("entsso-cluster");
    Facts online = facts().add(FactKind.PROPERTY, "entsso-cluster.cluster-state", "online").build();
    assertEquals(
        Optional.of("cluster resource entsso-cluster is online; uncluster before upgrading a node"),
        g.refusal(t, online));
    Facts offline =
        facts().add(FactKind.PROPERTY, "entsso-cluster.cluster-state", "offline").build();
    assertEquals(Optional.empty(), g.refusal(t, offline));
  }

  @Test
  void masterSecretServerRefusesANodeThatStillPointsAtThePrimary() {
    MasterSecretServer g = new MasterSecretServer("entsso-mss-2", "entsso-cluster");
    Facts slave = facts().add(FactKind.PROPERTY, "entsso-mss-2.master", "entsso-mss-1").build();
    assertEquals(
        Optional.of(
            "entsso-mss-2 takes entsso-mss-1 as its master secret server, not entsso-cluster"),
        g.refusal(t, slave));
    Facts promoted =
        facts().add(FactKind.PROPERTY, "entsso-mss-2.master", "entsso-cluster").build();
    assertEquals(Optional.empty(), g.refusal(t, promoted));
  }
}
