package dev.baton.drivers.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.pack.PackLoader;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackDriverTest {

  private static final String PASSWORD = "s3cret-O'Brien";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

  private final ScriptedTransport a = new ScriptedTransport();
  private final ScriptedTransport b = new ScriptedTransport();

  private PackDriver driver(String pack) throws Exception {
    return new PackDriver(
        PackLoader.load(Path.of("../packs", pack + ".yaml")),
        node -> node.endsWith("a") || node.equals("cb-primary") ? a : b,
        name -> PASSWORD,
        CLOCK);
  }

  private static Topology topology(String file) throws Exception {
    return TopologyLoader.load(Path.of(file)).topology();
  }

  @Test
  void observingReadsEveryProbeIntoTheFactsTheGuardsRead() throws Exception {
    Topology t = topology("../examples/connected-backup-mirrored.yaml");
    a.on("VersionInfo", 0, "9.0.7.1\r\n", "")
        .on("Get-Service", 0, "running\r\n", "")
        .on("AllowBackups -eq 0", 0, "drained=True\r\n", "")
        .on("Get-Counter", 0, "3\r\n", "")
        .on("free_bytes", 0, "free=5000 log=2000 data=40000\r\n", "")
        .on("integrity-", 0, "ok\r\n", "")
        .on("backup-", 0, "pre-upgrade-1\r\n", "");
    b.unreachable();

    Facts f = driver("connected-backup").observe(t, List.of());

    assertEquals(Version.parse("9.0.7.1"), f.version("cb-primary-server").orElseThrow());
    assertEquals(ServiceState.RUNNING, f.service("cb-primary-server").orElseThrow());
    assertEquals(true, f.drained("cb-primary-server").orElseThrow());
    assertEquals(3, f.sessions("cb-primary-server").orElseThrow());
    assertEquals("5000", f.property("cb-primary-server.free_bytes").orElseThrow());
    assertEquals("2000", f.property("cb-primary-server.log_bytes").orElseThrow());
    assertEquals("40000", f.property("cb-primary-server.data_bytes").orElseThrow());
    assertEquals("ok", f.property("cb-primary-server.integrity").orElseThrow());
    assertEquals("pre-upgrade-1", f.backup("cb-primary-server").orElseThrow());
    assertEquals(true, f.reachable("cb-primary").orElseThrow());
    assertEquals(false, f.reachable("cb-secondary").orElseThrow());
    assertTrue(f.version("cb-secondary-server").isEmpty(), "an unreachable node reports nothing");
  }

  @Test
  void propertiesProbesGiveTheSplitSideFactsAndSecretsOnlyTheirFingerprints() throws Exception {
    Topology t = topology("../examples/ccmp-dual-side.yaml");
    a.on(
        "installed=",
        0,
        "installed=no\r\npassphrase-fingerprint=pbkdf2:0011223344556677\r\n"
            + "@ccmp-db-a.failover-pinned=yes\r\n@portal.removed-at=2024-04-30T09:00:00Z\r\n",
        "");

    Facts f = driver("ccmp").observe(t, List.of());

    assertEquals("no", f.property("a-portal-db.installed").orElseThrow());
    assertEquals(
        "pbkdf2:0011223344556677", f.property("a-portal-db.passphrase-fingerprint").orElseThrow());
    assertEquals("yes", f.property("ccmp-db-a.failover-pinned").orElseThrow());
    assertTrue(
        new dev.baton.plan.Condition.SplitFor("portal", 24).holds(f), "25 h before the clock");
    String supplied = f.property("secret.ccmp-passphrase.fingerprint").orElseThrow();
    assertEquals(dev.baton.model.SecretFingerprint.of("ccmp-prod", PASSWORD), supplied);
    assertFalse(f.toString().contains(PASSWORD));
  }

  @Test
  void aFailedProbeLeavesItsFactUnknown() throws Exception {
    Topology t = topology("../examples/connected-backup-mirrored.yaml");
    a.on("integrity-", 1, "", "Cannot find path");
    Facts f = driver("connected-backup").observe(t, List.of());
    assertTrue(f.property("cb-primary-server.integrity").isEmpty());
  }

  @Test
  void aCountTooLargeToBeOneIsRefusedWithASentence() throws Exception {
    Topology t = topology("../examples/connected-backup-mirrored.yaml");
    a.on("Get-Counter", 0, "123456789012\r\n", "");
    DriverException e =
        assertThrows(DriverException.class, () -> driver("connected-backup").observe(t, List.of()));
    assertTrue(
        e.getMessage()
            .equals(
                "the sessions probe of cb-primary-server printed something pack connected-backup"
                    + " cannot read: '123456789012' is not a count"),
        e.getMessage());
  }

  @Test
  void transitorySessionsAndRoleAreReadForCopyServicesManager() throws Exception {
    Topology t = topology("src/test/resources/packs/csm-pair.yaml");
    a.on("transitory=", 0, "transitory=2\r\n", "").on("lshaservers", 0, "role=ACTIVE\r\n", "");
    Facts f = driver("copy-services-manager").observe(t, List.of());
    assertEquals(2, f.transitorySessions("csm-a-server").orElseThrow());
    assertEquals("active", f.role("csm-a-server").orElseThrow());
  }

  @Test
  void anActionRunsItsCommandsInOrderOnTheTargetsNode() throws Exception {
    Topology t = topology("../examples/connected-backup-mirrored.yaml");
    ActionResult r =
        driver("connected-backup")
            .act(t, Action.idempotent(Verb.DRAIN, "cb-primary-server", Map.of()), "k1");
    assertEquals("drain cb-primary-server done on cb-primary (2 commands)", r.summary());
    assertEquals(2, a.scripts.size());
    assertTrue(a.scripts.get(0).contains("'AllowBackups' -Value 0"), a.scripts.get(0));
    assertTrue(a.scripts.get(1).contains("'AllowRestores' -Value 0"), a.scripts.get(1));
    assertTrue(b.scripts.isEmpty(), "nothing runs on the other node");
  }

  @Test
  void stopRunsTheServicesInReverseStartOrder() throws Exception {
    Topology t = topology("../examples/connected-backup-mirrored.yaml");
    driver("connected-backup")
        .act(t, Action.idempotent(Verb.STOP, "cb-primary-server", Map.of()), "k");
    driver("connected-backup")
        .act(t, Action.idempotent(Verb.START, "cb-primary-server", Map.of()), "k");
    assertTrue(
        a.scripts
            .get(0)
            .endsWith("Stop-Service -Name @('DCAlerter','BackupServer','IndexServer')"));
    assertTrue(
        a.scripts
            .get(1)
            .endsWith("Start-Service -Name @('IndexServer','BackupServer','DCAlerter')"));
  }

  @Test
  void aFailedCommandIsASentenceAndNeitherItNorTheEvidenceHoldsTheSecret() throws Exception {
    Topology t = topology("src/test/resources/packs/csm-pair.yaml");
    a.on("hatakeover", 3, "login failed for password " + PASSWORD + "\r\n", "");
    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                driver("copy-services-manager")
                    .act(t, Action.once(Verb.TAKEOVER, "csm-a-server", Map.of()), "k"));
    assertEquals(
        "takeover csm-a-server failed on csm-a: command 1 of 1 exited with code 3 (login failed for"
            + " password ***)",
        e.getMessage());
    assertFalse(e.evidence().contains("O'Brien"), e.evidence());
    assertFalse(e.evidence().contains("O''Brien"), e.evidence());
    assertTrue(e.evidence().contains("-password ***"), e.evidence());
    assertTrue(
        a.scripts.get(0).contains("-password 's3cret-O''Brien'"),
        "the node gets the value, quoted");
  }

  @Test
  void aValueIsQuotedSoItCannotEndTheStringItSitsIn() throws Exception {
    Topology t = topology("../examples/connected-backup-mirrored.yaml");
    driver("connected-backup")
        .act(
            t,
            Action.once(
                Verb.BACKUP,
                "cb-primary-server",
                Map.of("label", "x'; Remove-Item C:\\ -Recurse; '")),
            "k");
    String script = a.scripts.get(0);
    assertTrue(
        script.contains("N''x''''; Remove-Item C:\\ -Recurse; ''''''"),
        "the label is an SQL literal inside a PowerShell literal: " + script);
    assertTrue(
        script.endsWith("-Value 'x''; Remove-Item C:\\ -Recurse; '''"),
        "the label is a PowerShell literal: " + script);
  }

  @Test
  void aCheckOnSomethingWithoutACheckCommandChangesNothingAndRunsNothing() throws Exception {
    Topology t = topology("src/test/resources/packs/csm-pair.yaml");
    ActionResult r = driver("copy-services-manager").act(t, Action.check("csm-ha"), "k");
    assertEquals("checked csm-ha; nothing changed", r.summary());
    assertTrue(a.scripts.isEmpty() && b.scripts.isEmpty());
  }

  @Test
  void aVerbThePackDoesNotKnowForTheKindIsRefusedWithWhatItKnows() throws Exception {
    Topology t = topology("src/test/resources/packs/csm-pair.yaml");
    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                driver("copy-services-manager")
                    .act(t, Action.once(Verb.DRAIN, "csm-a-server", Map.of()), "k"));
    assertTrue(
        e.getMessage()
            .startsWith("pack copy-services-manager gives no commands to drain a csm-server"),
        e.getMessage());
  }

  @Test
  void replicationRunsOnTheLinksSourceSideInTheDocumentedForm() throws Exception {
    Topology t = topology("src/test/resources/packs/ccmp-dual-side.yaml");
    PackDriver d = driver("ccmp");
    d.act(t, Action.once(Verb.REMOVE_REPLICATION, "report-server", Map.of()), "k1");
    d.act(t, Action.once(Verb.REMOVE_REPLICATION, "portal", Map.of()), "k2");
    assertEquals(2, a.scripts.size());
    assertTrue(a.scripts.get(0).contains("ReportServer"), a.scripts.get(0));
    assertTrue(a.scripts.get(1).contains("@dbname = N''Portal''"), a.scripts.get(1));
  }
}
