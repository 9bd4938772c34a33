package dev.baton.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.baton.drivers.pack.PackDriver;
import dev.baton.drivers.postgresql.PostgresDriver;
import dev.baton.drivers.redirect.RedirectingDriver;
import dev.baton.drivers.redirect.Redirector;
import dev.baton.drivers.sim.SimDriver;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.Driver;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.model.Topology;
import dev.baton.pack.PackLoader;
import dev.baton.plan.Action;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.testing.MemoryJournal;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every driver declares the verbs it carries out, and the engine refuses a plan using another one
 * before its first step, with a sentence naming the step, the verb and the driver.
 */
class UnsupportedVerbsTest {

  @TempDir Path dir;

  private final MemoryJournal journal = new MemoryJournal();

  /** Any use of a node's transport fails the test: nothing may be sent. */
  private static final Function<String, Transport> NO_TRANSPORT =
      node -> {
        throw new AssertionError("the transport of " + node + " was used");
      };

  private static Topology topology(String example) throws Exception {
    return TopologyLoader.load(Path.of("..", "examples", example)).topology();
  }

  /** A check, then {@code action}: the refusal must come before the check runs. */
  private static Plan plan(Topology t, Action action) {
    Step check = Step.builder("look", "Look first", Action.check(t.system())).build();
    Step act = Step.builder("act", "Act", action).build();
    return new Plan(
        t.system(),
        "test",
        new Goal(null, Map.of()),
        List.of(new Phase("p", List.of(check, act))),
        List.of());
  }

  private RunResult run(Driver driver, Topology t, Action action) {
    Plan plan = plan(t, action);
    RunRecord template =
        new RunRecord(
            "",
            t.system(),
            plan.strategy(),
            "",
            Map.of(),
            "t.yaml",
            "",
            plan.fingerprint(),
            RunStatus.RUNNING,
            null,
            null);
    return new Engine(
            driver, journal, EngineListener.NONE, Redactor.of(List.of()), Clock.systemUTC())
        .start(t, plan, template, EngineOptions.defaults().withYes(true));
  }

  @Test
  void theSimulatorRefusesAPlanThatPromotes() throws Exception {
    Topology t = topology("takeover-sim.yaml");
    Path state = dir.resolve("sim.json");

    RunResult r = run(new SimDriver(state), t, Action.once(Verb.PROMOTE, "csm-b-server", Map.of()));

    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(
        "refused: step 2 (act) uses the verb promote on csm-b-server,"
            + " but the sim driver does not carry out promote",
        r.sentence());
    assertFalse(Files.exists(state), "the simulator was not even observed");
    assertEquals(List.of(), journal.runs(null));
  }

  @Test
  void thePostgresqlDriverRefusesAPlanThatUninstalls() throws Exception {
    Topology t = topology("takeover-sim.yaml");

    RunResult r =
        run(
            new PostgresDriver(NO_TRANSPORT, Clock.systemUTC()),
            t,
            Action.idempotent(Verb.UNINSTALL, "csm-a", Map.of()));

    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(
        "refused: step 2 (act) uses the verb uninstall on csm-a,"
            + " but the postgresql driver does not carry out uninstall",
        r.sentence());
    assertEquals(List.of(), journal.runs(null));
  }

  @Test
  void aPackDriverRefusesAVerbItsPackGivesNoCommandForOnThatKind() throws Exception {
    Topology t = topology("csm-pair.yaml");
    PackDriver driver =
        new PackDriver(
            PackLoader.load(Path.of("..", "packs", "copy-services-manager.yaml")),
            NO_TRANSPORT,
            name -> null,
            Clock.systemUTC());

    RunResult r = run(driver, t, Action.once(Verb.PROMOTE, "csm-a-server", Map.of()));

    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(
        "refused: step 2 (act) uses the verb promote on csm-a-server, but "
            + driver.unsupported(t, Action.once(Verb.PROMOTE, "csm-a-server", Map.of())).get(),
        r.sentence());
    assertEquals(
        true,
        r.sentence().contains("pack copy-services-manager"),
        "names the pack: " + r.sentence());
    assertEquals(List.of(), journal.runs(null));
  }

  @Test
  void aRedirectingDriverAddsEntryPointVerbsButNotOthers() throws Exception {
    Topology t = topology("takeover-sim.yaml");
    Path state = dir.resolve("sim.json");
    Driver inner = new SimDriver(state);
    RedirectingDriver driver = new RedirectingDriver(inner, Map.<String, Redirector>of());

    RunResult r = run(driver, t, Action.once(Verb.REWIND_SWAP, "csm-a-server", Map.of()));

    assertEquals(RunStatus.HALTED, r.status());
    assertEquals(
        "refused: step 2 (act) uses the verb rewind-swap on csm-a-server,"
            + " but the sim driver does not carry out rewind-swap",
        r.sentence());
    assertFalse(Files.exists(state), "the simulator was not even observed");
  }

  @Test
  void holdingClientsIsRefusedForAnEntryPointWhoseRedirectionCannotHoldThem() throws Exception {
    Topology t = topology("takeover-sim.yaml");
    Path state = dir.resolve("sim.json");
    Redirector dns =
        new Redirector() {
          @Override
          public java.util.Optional<String> pointsAt(dev.baton.model.EntryPoint ep) {
            return java.util.Optional.empty();
          }

          @Override
          public dev.baton.engine.ActionResult redirect(dev.baton.model.EntryPoint ep, String to) {
            throw new AssertionError("nothing may be sent");
          }

          @Override
          public boolean verify(dev.baton.model.EntryPoint ep, String to) {
            return false;
          }
        };
    RedirectingDriver driver =
        new RedirectingDriver(new SimDriver(state), Map.of("csm.example.internal", dns));

    RunResult r =
        run(
            driver,
            t,
            Action.idempotent(Verb.HOLD, "csm.example.internal", Map.of("from", "csm-a-server")));

    assertEquals(
        "refused: step 2 (act) uses the verb hold on csm.example.internal,"
            + " but entry point csm.example.internal cannot hold its clients",
        r.sentence());
    assertFalse(Files.exists(state), "the simulator was not even observed");
  }
}
