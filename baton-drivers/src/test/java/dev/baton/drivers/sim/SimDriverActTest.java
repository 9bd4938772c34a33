package dev.baton.drivers.sim;

import static dev.baton.drivers.sim.CsmPair.A;
import static dev.baton.drivers.sim.CsmPair.B;
import static dev.baton.drivers.sim.CsmPair.ENTRY;
import static dev.baton.drivers.sim.CsmPair.LINK;
import static dev.baton.drivers.sim.CsmPair.LINK_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimDriverActTest {

  @TempDir Path dir;
  private final Topology topology = CsmPair.topology();
  private SimDriver driver;
  private int keys;

  @BeforeEach
  void start() throws DriverException {
    driver = new SimDriver(dir.resolve("csm.json"));
    driver.initialise(topology);
  }

  private ActionResult act(String verb, String target, Map<String, String> params)
      throws DriverException {
    return driver.act(
        topology, Action.once(Verb.parse(verb).orElseThrow(), target, params), "k" + ++keys);
  }

  private ActionResult act(String verb, String target) throws DriverException {
    return act(verb, target, Map.of());
  }

  private Facts facts() throws DriverException {
    return driver.observe(topology, List.of());
  }

  @Test
  void takeoverMakesTheTargetActiveAndTheOldActiveStandby() throws Exception {
    ActionResult r = act("takeover", B);

    assertEquals("csm-b-server is now active; csm-a-server entered standby", r.summary());
    assertTrue(r.evidence().startsWith("$ sim takeover csm-b-server\n"), r.evidence());
    assertEquals(Optional.of("active"), facts().role(B));
    assertEquals(Optional.of("standby"), facts().role(A));
  }

  @Test
  void takeoverWithTheOldActiveUnreachableLeavesTwoActives() throws Exception {
    driver.setNodeDown("csm-a", true);

    ActionResult r = act("takeover", B);
    driver.setNodeDown("csm-a", false);

    assertEquals(
        "csm-b-server is now active; csm-a-server is unreachable and still active", r.summary());
    assertEquals(Optional.of("active"), facts().role(A));
    assertEquals(Optional.of("active"), facts().role(B));
  }

  @Test
  void takeoverOnAnUnreachableNodeIsRefused() throws Exception {
    driver.setNodeDown("csm-b", true);

    DriverException e = assertThrows(DriverException.class, () -> act("takeover", B));

    assertEquals("node csm-b is unreachable; cannot takeover csm-b-server", e.getMessage());
    assertTrue(e.evidence().contains("error: node csm-b is unreachable"), e.evidence());
    assertEquals(Optional.of("standby"), driver.state().component(B).role());
  }

  @Test
  void takeoverOnAStoppedServiceIsRefused() throws Exception {
    act("stop", B);

    DriverException e = assertThrows(DriverException.class, () -> act("takeover", B));

    assertEquals("csm-b-server is stopped; cannot takeover a stopped service", e.getMessage());
  }

  @Test
  void installChangesTheVersionAndLeavesTheServiceRunning() throws Exception {
    act("takeover", B);
    act("stop", A);

    ActionResult r = act("install", A, Map.of("version", "6.3.1"));

    assertEquals(
        "csm-a-server now runs version 6.3.1 (was 6.3.0) and its service is running", r.summary());
    Facts f = facts();
    assertEquals(Optional.of(Version.parse("6.3.1")), f.version(A));
    assertEquals(Optional.of(ServiceState.RUNNING), f.service(A));
    assertEquals(Optional.of("standby"), f.role(A), "install leaves the role alone");
    assertEquals(Optional.of(Version.parse("6.3.0")), f.version(B));
  }

  @Test
  void installWithoutAVersionIsRefused() {
    DriverException e = assertThrows(DriverException.class, () -> act("install", A));

    assertEquals("install csm-a-server needs a 'version' parameter", e.getMessage());
  }

  @Test
  void stopAndStartChangeTheService() throws Exception {
    assertEquals("csm-a-server is stopped", act("stop", A).summary());
    assertEquals(Optional.of(ServiceState.STOPPED), facts().service(A));

    assertEquals("csm-a-server is running", act("start", A).summary());
    assertEquals(Optional.of(ServiceState.RUNNING), facts().service(A));
    assertEquals(Optional.of("active"), facts().role(A), "a restart keeps the stored role");
  }

  @Test
  void drainEndsEverySessionWhenNoneAreStuck() throws Exception {
    driver.setSessions(A, 5);
    driver.setTransitorySessions(A, 2);

    ActionResult r = act("drain", A);

    assertEquals("csm-a-server is drained; no sessions remain", r.summary());
    assertEquals(Optional.of(true), facts().drained(A));
    assertEquals(Optional.of(0), facts().sessions(A));
    assertEquals(Optional.of(0), facts().transitorySessions(A));
  }

  @Test
  void drainLeavesStuckSessions() throws Exception {
    driver.setSessions(A, 5);
    driver.setStuckSessions(A, 2);

    ActionResult r = act("drain", A);

    assertEquals("csm-a-server is drained; 2 sessions remain", r.summary());
    assertEquals(Optional.of(2), facts().sessions(A));
  }

  @Test
  void stuckSessionsCanComeFromTheTopology() throws Exception {
    Topology t = CsmPair.topology(Map.of("sessions", Map.of(B, 4), "stuckSessions", Map.of(B, 1)));
    SimDriver d = new SimDriver(dir.resolve("other.json"));

    d.act(t, Action.once(Verb.DRAIN, B, Map.of()), "k");

    assertEquals(Optional.of(1), d.observe(t, List.of()).sessions(B));
  }

  @Test
  void undrainAcceptsSessionsAgain() throws Exception {
    act("drain", A);

    act("undrain", A);

    assertEquals(Optional.of(false), facts().drained(A));
  }

  @Test
  void theNewestBackupLabelWins() throws Exception {
    act("backup", A, Map.of("label", "before-6.3.1"));

    ActionResult r = act("backup", A, Map.of("label", "before-6.3.2"));

    assertEquals("csm-a-server has backup before-6.3.2", r.summary());
    assertEquals(Optional.of("before-6.3.2"), facts().backup(A));
    assertEquals(Optional.empty(), facts().backup(B));
  }

  @Test
  void removeAndRebuildReplication() throws Exception {
    driver.setLag(LINK, 100);

    assertEquals(
        "replication " + LINK_KEY + " is removed", act("remove-replication", LINK).summary());
    assertEquals(Optional.of(LinkState.REMOVED), facts().link(LINK_KEY));
    assertEquals(Optional.of(0L), facts().lagBytes(LINK_KEY));

    act("rebuild-replication", LINK);
    assertEquals(Optional.of(LinkState.SYNCED), facts().link(LINK_KEY));
  }

  @Test
  void redirectMovesTheEntryPoint() throws Exception {
    ActionResult r = act("redirect", ENTRY, Map.of("to", B));

    assertEquals("entry point csm now points at csm-b-server (was csm-a-server)", r.summary());
    assertEquals(Optional.of(B), facts().pointsAt(ENTRY));
  }

  @Test
  void redirectToAnUnknownComponentIsRefused() {
    DriverException e =
        assertThrows(DriverException.class, () -> act("redirect", ENTRY, Map.of("to", "csm-c")));

    assertEquals("the topology has no component named csm-c; cannot redirect csm", e.getMessage());
  }

  @Test
  void injectedLagMakesTheLinkLagging() throws Exception {
    driver.setLag(LINK, 48_000_000);

    assertEquals(Optional.of(LinkState.LAGGING), facts().link(LINK_KEY));
    assertEquals(Optional.of(48_000_000L), facts().lagBytes(LINK_KEY));
  }

  @Test
  void anInjectedFailureThrowsAndChangesNothing() throws Exception {
    driver.failAction("takeover", B);
    byte[] before = Files.readAllBytes(driver.stateFile());

    DriverException e = assertThrows(DriverException.class, () -> act("takeover", B));

    assertEquals("takeover csm-b-server failed: injected fault", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(driver.stateFile()));
    assertEquals(List.of(), driver.actions());
  }

  @Test
  void clearFaultsHealsFailuresNodesAndLag() throws Exception {
    driver.failAction("takeover", B);
    driver.setNodeDown("csm-a", true);
    driver.setLag(LINK, 10);

    driver.clearFaults();

    assertEquals(
        "csm-b-server is now active; csm-a-server entered standby", act("takeover", B).summary());
    assertEquals(Optional.of(LinkState.SYNCED), facts().link(LINK_KEY));
  }

  @Test
  void aVerbTheSimulatorDoesNotActOutIsRefused() {
    assertEquals(Optional.empty(), Verb.parse("frobnicate"), "no such verb can even be planned");
    DriverException e = assertThrows(DriverException.class, () -> act("promote", A));

    assertEquals("the simulator does not know the verb 'promote'", e.getMessage());
    assertEquals(List.of(), driver.actions());
  }

  @Test
  void anUnknownTargetIsRefused() {
    DriverException e = assertThrows(DriverException.class, () -> act("stop", "csm-c-server"));

    assertEquals(
        "the topology has no component named csm-c-server; cannot stop csm-c-server",
        e.getMessage());
  }

  @Test
  void checkChangesNothingButIsLogged() throws Exception {
    ActionResult r = act("check", A);

    assertEquals("checked csm-a-server; nothing changed", r.summary());
    List<SimAction> log = driver.actions();
    assertEquals(1, log.size());
    assertEquals(
        new SimAction(
            1,
            "k1",
            "check",
            A,
            Map.of(),
            log.get(0).time(),
            ProcessHandle.current().pid(),
            log.get(0).landed()),
        log.get(0));
  }

  @Test
  void theLogRecordsEveryActionInOrder() throws Exception {
    act("takeover", B);
    act("install", A, Map.of("version", "6.3.1"));

    List<SimAction> log = driver.actions();

    assertEquals(List.of(1L, 2L), log.stream().map(SimAction::seq).toList());
    assertEquals(List.of("k1", "k2"), log.stream().map(SimAction::key).toList());
    assertEquals(Map.of("version", "6.3.1"), log.get(1).params());
  }

  @Test
  void replicationActionsNeedBothEndsReachable() throws Exception {
    driver.setNodeDown("csm-b", true);

    DriverException e = assertThrows(DriverException.class, () -> act("remove-replication", LINK));

    assertEquals("node csm-b is unreachable; cannot remove-replication ha", e.getMessage());
  }

  @Test
  void aLinkCanBeNamedByItsKey() throws Exception {
    act("remove-replication", LINK_KEY);

    assertEquals(Optional.of(LinkState.REMOVED), facts().link(LINK_KEY));
  }

  @Test
  void takeoverLeavesAStoppedPeerItsRole() throws Exception {
    act("stop", A);

    ActionResult r = act("takeover", B);

    assertEquals(
        "csm-b-server is now active; csm-a-server is stopped and keeps role active", r.summary());
    assertEquals(Optional.of("active"), driver.state().component(A).role());
  }
}
