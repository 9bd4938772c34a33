package dev.baton.drivers.sim;

import static dev.baton.drivers.sim.CsmPair.A;
import static dev.baton.drivers.sim.CsmPair.B;
import static dev.baton.drivers.sim.CsmPair.LINK;
import static dev.baton.drivers.sim.CsmPair.LINK_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 001 acted out step by step: a takeover upgrade of an active/standby CSM pair. */
class Seed001TakeoverTest {

  private static final Version NEW = Version.parse("6.3.1");

  @TempDir Path dir;
  private final Topology topology = CsmPair.topology();
  private SimDriver driver;

  private Facts facts() throws DriverException {
    return driver.observe(topology, List.of());
  }

  private void act(String step, String verb, String target, Map<String, String> params)
      throws DriverException {
    driver.act(
        topology, Action.once(Verb.parse(verb).orElseThrow(), target, params), "seed001/" + step);
  }

  @Test
  void theTakeoverUpgradeEndsWithBothUpgradedAndAActive() throws Exception {
    // Given a synced pair with no transitory sessions, both at the same level (step 1)
    driver = new SimDriver(dir.resolve("csm.json"));
    Facts before = facts();
    assertEquals(Optional.of(LinkState.SYNCED), before.link(LINK_KEY));
    assertEquals(Optional.of(0), before.transitorySessions(A));
    assertEquals(before.version(A), before.version(B));

    // When the standby takes over, the old active enters standby (steps 2–3)
    act("2", "takeover", B, Map.of());
    assertEquals(Optional.of("active"), facts().role(B));
    assertEquals(Optional.of("standby"), facts().role(A));

    // and the old active is upgraded; it restarts still in standby (steps 4–8)
    act("4", "install", A, Map.of("version", NEW.text()));
    assertEquals(Optional.of(NEW), facts().version(A));
    assertEquals(Optional.of(ServiceState.RUNNING), facts().service(A));
    assertEquals(Optional.of("standby"), facts().role(A));

    // and the primary takes over again, then the secondary is upgraded (steps 9–10)
    act("9", "takeover", A, Map.of());
    act("10", "install", B, Map.of("version", NEW.text()));

    // and HA is re-established (step 11)
    act("11", "rebuild-replication", LINK, Map.of());

    // Then both run the new level, A is active, B standby, and the link is synced
    Facts after = facts();
    assertEquals(Optional.of(NEW), after.version(B));
    assertEquals(Optional.of("active"), after.role(A));
    assertEquals(Optional.of("standby"), after.role(B));
    assertEquals(Optional.of(LinkState.SYNCED), after.link(LINK_KEY));
    assertEquals(5, driver.actions().size());
  }
}
