package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Goal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 002's split-side upgrade acted out by the engine on the simulator. */
class Seed002SplitSideTest {

  private static final Version TO = Version.parse("8.5.1");
  private static final String PASSPHRASE = "correct horse battery staple";

  @TempDir Path dir;

  private static Topology ccmp(Map<String, Object> sim) throws Exception {
    return SimRuns.withSim(SimRuns.example("ccmp-dual-side.yaml"), sim);
  }

  private SimDriver driver(String passphrase) {
    Function<String, String> secrets = name -> passphrase;
    return new SimDriver(dir.resolve("ccmp.json"), Clock.systemUTC(), secrets);
  }

  private static RunResult run(Topology t, SimDriver driver) throws Exception {
    return SimRuns.apply(driver, t, "split-side", new Goal(TO, Map.of())).result();
  }

  private static boolean sent(SimDriver d, String verb) {
    return d.actions().stream().anyMatch(a -> a.verb().equals(verb));
  }

  @Test
  void bothSidesEndUpgradedReplicatedAndUnpinned() throws Exception {
    Topology t = ccmp(Map.of());
    SimDriver d = driver(PASSPHRASE);

    RunResult r = run(t, d);

    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    Facts after = d.observe(t, List.of());
    for (Component c : t.components()) {
      assertEquals(Optional.of(TO), after.version(c.name()), c.name());
    }
    for (var l : t.links()) {
      assertEquals(Optional.of(LinkState.SYNCED), after.link(l.key()), l.name());
    }
    for (var n : t.nodes()) {
      assertEquals(Optional.of("no"), after.property(n.name() + ".failover-pinned"), n.name());
    }
    // Less than a day apart: side B's database was upgraded, not replaced.
    assertTrue(after.property("b-portal-db.restored-from").isEmpty());
    assertTrue(d.actions().stream().anyMatch(a -> a.verb().equals("list-changes")));
    assertFalse(Files.readString(d.stateFile()).contains(PASSPHRASE));
  }

  @Test
  void aDayOrMoreApartRestoresSideAsBackupOntoSideBInsteadOfUpgradingIt() throws Exception {
    Topology t = ccmp(Map.of("splitHours", 30));
    SimDriver d = driver(PASSPHRASE);

    RunResult r = run(t, d);

    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    Facts after = d.observe(t, List.of());
    assertEquals(
        Optional.of("a-portal-db:rejoin-8.5.1-a-portal-db"),
        after.property("b-portal-db.restored-from"));
    assertFalse(
        d.actions().stream()
            .anyMatch(a -> a.verb().equals("install") && a.target().equals("b-portal-db")),
        "b-portal-db was upgraded although side A's backup replaced it");
    assertEquals(Optional.of(TO), after.version("b-portal-db"));
  }

  @Test
  void aNewPassphraseHaltsBeforeAnythingChanges() throws Exception {
    Topology t = ccmp(Map.of());
    driver("the passphrase it was installed with").initialise(t);
    SimDriver d = driver("a new passphrase");

    RunResult r = run(t, d);

    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(
        r.sentence().startsWith("secret ccmp-passphrase has fingerprint pbkdf2:"), r.sentence());
    assertTrue(r.sentence().endsWith("a new passphrase would leave its existing data unreadable"));
    assertTrue(d.actions().isEmpty(), "actions were sent: " + d.actions());
  }

  @Test
  void aLaggingLinkHaltsBeforeTheSidesSplit() throws Exception {
    Topology t = ccmp(Map.of("lagBytes", Map.of("portal", 4096)));
    SimDriver d = driver(PASSPHRASE);

    RunResult r = run(t, d);

    assertEquals(RunStatus.HALTED, r.status());
    assertTrue(r.sentence().contains("portal"), r.sentence());
    assertTrue(r.sentence().endsWith("wait until replication catches up before splitting"));
    assertFalse(sent(d, "remove-replication"));
    assertFalse(sent(d, "stop"));
  }

  @Test
  void aServiceThatWillNotStopEndsTheRunBeforeTheSidesSplit() throws Exception {
    Topology t = ccmp(Map.of("failActions", List.of("stop a-db-server")));
    SimDriver d = driver(PASSPHRASE);

    RunResult r = run(t, d);

    assertEquals(RunStatus.FAILED, r.status(), r.sentence());
    assertTrue(r.sentence().contains("stop a-db-server failed"), r.sentence());
    assertFalse(sent(d, "uninstall"));
    assertFalse(sent(d, "remove-replication"), "the sides split although side A did not stop");
  }
}
