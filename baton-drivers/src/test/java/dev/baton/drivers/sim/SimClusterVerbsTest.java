package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's seed 003 verbs on examples/entsso-cluster.yaml, and their refusals. */
class SimClusterVerbsTest {

  private static final String MSS = "entsso-cluster";
  private static final String N1 = "entsso-mss-1";
  private static final String N2 = "entsso-mss-2";

  @TempDir Path dir;
  private Topology topology;
  private SimDriver driver;
  private int keys;

  @BeforeEach
  void start() throws Exception {
    topology = TopologyLoader.load(Path.of("..", "examples", "entsso-cluster.yaml")).topology();
    driver = new SimDriver(dir.resolve("entsso.json"));
    driver.initialise(topology);
  }

  private ActionResult act(String verb, String target, Map<String, String> params)
      throws DriverException {
    return driver.act(
        topology, Action.once(Verb.parse(verb).orElseThrow(), target, params), "k" + ++keys);
  }

  private DriverException refused(String verb, String target, Map<String, String> params) {
    return assertThrows(DriverException.class, () -> act(verb, target, params));
  }

  private Facts facts() throws DriverException {
    return driver.observe(topology, List.of());
  }

  @Test
  void backupSecretRecordsTheLabelAndNamesThePasswordOnlyByItsSecret() throws Exception {
    ActionResult r =
        act("backup-secret", MSS, Map.of("label", "ms-1", "secret", "entsso-secret-backup"));

    assertEquals("the master secret of entsso-cluster is backed up as ms-1", r.summary());
    assertTrue(r.evidence().endsWith("password: secret entsso-secret-backup"), r.evidence());
    assertEquals(Optional.of("ms-1"), facts().property(MSS + ".secret-backup"));
  }

  @Test
  void backupSecretRefusesAnUnknownSecretAndAStoppedServer() throws Exception {
    DriverException unknown =
        refused("backup-secret", MSS, Map.of("label", "ms-1", "secret", "nope"));
    assertEquals(
        "the topology has no secret named nope; cannot back up the secret of entsso-cluster",
        unknown.getMessage());
    act("cluster-offline", MSS, Map.of());
    DriverException stopped =
        refused("backup-secret", MSS, Map.of("label", "ms-1", "secret", "entsso-secret-backup"));
    assertEquals(
        "entsso-cluster is stopped; the master secret is backed up from a running server",
        stopped.getMessage());
    assertEquals(Optional.empty(), facts().property(MSS + ".secret-backup"));
  }

  @Test
  void clusterOfflineStopsTheResourceAndOnlyActsOnAClusterResource() throws Exception {
    act("cluster-offline", MSS, Map.of());

    assertEquals(Optional.of("offline"), facts().property(MSS + ".cluster-state"));
    assertEquals(Optional.of(ServiceState.STOPPED), facts().service(MSS));
    DriverException e = refused("cluster-offline", N1, Map.of());
    assertEquals(
        "entsso-mss-1 is of kind entsso-mss, not cluster-resource; cannot cluster-offline",
        e.getMessage());
  }

  @Test
  void clusterOnlineNeedsANodeThatNamesTheClusterAsItsMaster() throws Exception {
    act("cluster-offline", MSS, Map.of());
    act("set-master", N2, Map.of("master", N1));

    DriverException e = refused("cluster-online", MSS, Map.of("node", N2));
    assertEquals(
        "entsso-mss-2 takes entsso-mss-1 as its master secret server, not entsso-cluster;"
            + " cannot bring entsso-cluster online on it",
        e.getMessage());
    assertEquals(Optional.of("offline"), facts().property(MSS + ".cluster-state"));

    act("set-master", N2, Map.of("master", MSS));
    act("cluster-online", MSS, Map.of("node", N2));
    Facts f = facts();
    assertEquals(Optional.of("online"), f.property(MSS + ".cluster-state"));
    assertEquals(Optional.of(N2), f.property(MSS + ".owner"));
    assertEquals(Optional.of("active"), f.role(N2));
    assertEquals(Optional.of("standby"), f.role(N1));
  }

  @Test
  void setMasterRefusesAMasterTheTopologyLacks() throws Exception {
    act("set-master", N1, Map.of("master", N1));
    assertEquals(Optional.of(N1), facts().property(N1 + ".master"));

    DriverException e = refused("set-master", N2, Map.of("master", "ssoclus"));
    assertEquals(
        "the topology has no component named ssoclus; cannot make it the master secret server"
            + " of entsso-mss-2",
        e.getMessage());
    assertEquals(Optional.of(MSS), facts().property(N2 + ".master"));
  }

  @Test
  void failoverMovesTheActiveRoleAndTheResourceToTheTarget() throws Exception {
    ActionResult r = act("failover", N2, Map.of("resource", MSS));

    assertEquals(
        "entsso-cluster failed over to entsso-mss-2; entsso-mss-2 is now active;"
            + " entsso-mss-1 entered standby",
        r.summary());
    Facts f = facts();
    assertEquals(Optional.of("active"), f.role(N2));
    assertEquals(Optional.of("standby"), f.role(N1));
    assertEquals(Optional.of(N2), f.property(MSS + ".owner"));
  }

  @Test
  void failoverRefusesWhileTheResourceIsOffline() throws Exception {
    act("cluster-offline", MSS, Map.of());

    DriverException e = refused("failover", N2, Map.of("resource", MSS));
    assertEquals("entsso-cluster is offline; cannot fail it over to entsso-mss-2", e.getMessage());
    assertEquals(Optional.of("standby"), facts().role(N2));
    assertEquals(Optional.of(N1), facts().property(MSS + ".owner"));
  }

  @Test
  void failoverRefusesAResourceThatIsNotAClusterResource() {
    DriverException e = refused("failover", N2, Map.of("resource", "sso-db"));
    assertEquals("sso-db is of kind sso-db, not cluster-resource; cannot failover", e.getMessage());
  }
}
