package dev.baton.drivers.sim;

import static dev.baton.drivers.sim.CsmPair.A;
import static dev.baton.drivers.sim.CsmPair.B;
import static dev.baton.drivers.sim.CsmPair.ENTRY;
import static dev.baton.drivers.sim.CsmPair.LINK_KEY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.DriverException;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimDriverObserveTest {

  @TempDir Path dir;

  private SimDriver driver() {
    return new SimDriver(dir.resolve("csm.json"));
  }

  @Test
  void firstObservationReportsTheTopologyAsDeclared() throws Exception {
    Facts f = driver().observe(CsmPair.topology(), List.of());

    assertEquals(Optional.of(true), f.reachable("csm-a"));
    assertEquals(Optional.of(true), f.reachable("csm-b"));
    assertEquals(Optional.of("active"), f.role(A));
    assertEquals(Optional.of("standby"), f.role(B));
    assertEquals(Optional.of(Version.parse("6.3.0")), f.version(B));
    assertEquals(Optional.of(ServiceState.RUNNING), f.service(A));
    assertEquals(Optional.of(0), f.sessions(A));
    assertEquals(Optional.of(0), f.transitorySessions(A));
    assertEquals(Optional.of(false), f.drained(A));
    assertEquals(Optional.empty(), f.backup(A));
    assertEquals(Optional.of(LinkState.SYNCED), f.link(LINK_KEY));
    assertEquals(Optional.of(0L), f.lagBytes(LINK_KEY));
    assertEquals(Optional.of(A), f.pointsAt(ENTRY));
    assertEquals("sim", f.get(FactKind.ROLE, A).orElseThrow().source());
  }

  @Test
  void simSectionSetsLagSessionsServicesAndDownNodes() throws Exception {
    Topology t =
        CsmPair.topology(
            Map.of(
                "lagBytes", Map.of("ha", 4096),
                "sessions", Map.of(A, 3),
                "transitorySessions", Map.of(A, "1"),
                "services", Map.of(B, "stopped"),
                "nodesDown", List.of("csm-b")));

    Facts f = driver().observe(t, List.of());

    assertEquals(Optional.of(LinkState.LAGGING), f.link(LINK_KEY));
    assertEquals(Optional.of(4096L), f.lagBytes(LINK_KEY));
    assertEquals(Optional.of(3), f.sessions(A));
    assertEquals(Optional.of(1), f.transitorySessions(A));
    assertEquals(Optional.of(false), f.reachable("csm-b"));
    assertEquals(ServiceState.STOPPED, driver().state().component(B).service());
  }

  @Test
  void aDownNodeIsUnreachableAndItsComponentsHaveNoFacts() throws Exception {
    SimDriver d = driver();
    d.initialise(CsmPair.topology());
    d.setNodeDown("csm-a", true);

    Facts f = d.observe(CsmPair.topology(), List.of());

    assertEquals(Optional.of(false), f.reachable("csm-a"));
    assertTrue(f.all().stream().noneMatch(fact -> fact.subject().equals(A)), f.toString());
    assertEquals(Optional.of(LinkState.SYNCED), f.link(LINK_KEY), "the link is still described");
    assertEquals(Optional.of("standby"), f.role(B));
  }

  @Test
  void aStoppedServiceReportsNoRole() throws Exception {
    SimDriver d = driver();
    d.act(CsmPair.topology(), Action.once(Verb.STOP, A, Map.of()), "k1");

    Facts f = d.observe(CsmPair.topology(), List.of());

    assertEquals(Optional.of(ServiceState.STOPPED), f.service(A));
    assertEquals(Optional.empty(), f.role(A));
  }

  @Test
  void aComponentWithoutARoleReportsNoRole() throws Exception {
    Topology pair = CsmPair.topology();
    List<Component> components = new ArrayList<>(pair.components());
    components.add(
        new Component("agent", "csm-a", "agent", Version.parse("1.0"), null, null, 2, Map.of()));
    Topology t =
        new Topology(
            pair.system(),
            pair.pack(),
            pair.driver(),
            pair.roleModel(),
            pair.sides(),
            pair.nodes(),
            components,
            pair.links(),
            pair.entryPoints(),
            pair.secrets(),
            pair.sim());

    Facts f = driver().observe(t, List.of());

    assertEquals(Optional.of(ServiceState.RUNNING), f.service("agent"));
    assertEquals(Optional.empty(), f.role("agent"));
  }

  @Test
  void appliedIsTrueOnlyForLoggedKeys() throws Exception {
    SimDriver d = driver();
    d.act(CsmPair.topology(), Action.check(A), "run1/step1");

    Facts f = d.observe(CsmPair.topology(), List.of("run1/step1", "run1/step2"));

    assertEquals(Optional.of(true), f.applied("run1/step1"));
    assertEquals(Optional.of(false), f.applied("run1/step2"));
  }

  @Test
  void observingChangesNothingOnDisk() throws Exception {
    SimDriver d = driver();
    d.observe(CsmPair.topology(), List.of());
    byte[] before = Files.readAllBytes(d.stateFile());

    d.observe(CsmPair.topology(), List.of("k"));

    assertArrayEquals(before, Files.readAllBytes(d.stateFile()));
  }

  @Test
  void anUnknownSimKeyIsRefusedWithASentence() {
    Topology t = CsmPair.topology(Map.of("lagbytes", Map.of("ha", 1)));

    DriverException e = assertThrows(DriverException.class, () -> driver().observe(t, List.of()));

    assertTrue(
        e.getMessage().startsWith("topology sim has an unknown key 'lagbytes'"), e.getMessage());
  }

  @Test
  void aSimSectionNamingAMissingLinkIsRefused() {
    Topology t = CsmPair.topology(Map.of("lagBytes", Map.of("nope", 1)));

    DriverException e = assertThrows(DriverException.class, () -> driver().observe(t, List.of()));

    assertEquals(
        "topology sim.lagBytes names replication link nope, which the topology lacks",
        e.getMessage());
  }

  @Test
  void aNegativeLagIsRefused() {
    Topology t = CsmPair.topology(Map.of("lagBytes", Map.of("ha", -5)));

    DriverException e = assertThrows(DriverException.class, () -> driver().observe(t, List.of()));

    assertEquals(
        "topology sim.lagBytes.ha must be a whole number of at least 0, not '-5'", e.getMessage());
  }
}
