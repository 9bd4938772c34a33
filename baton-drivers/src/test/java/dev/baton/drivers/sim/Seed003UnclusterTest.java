package dev.baton.drivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.pack.Packs;
import dev.baton.plan.Action;
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Verb;
import dev.baton.strategy.UnclusterStrategy;
import dev.baton.testing.MemoryJournal;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 003's uncluster upgrade acted out by the engine on the simulator. */
class Seed003UnclusterTest {

  private static final Version TO = Version.parse("4.0.2");
  private static final String PASSWORD = "correct horse battery staple";
  private static final Function<String, String> SECRET_SET =
      name -> name.equals("entsso-secret-backup") ? PASSWORD : null;

  @TempDir Path dir;

  private static Topology example(Map<String, Object> sim) throws Exception {
    Topology base =
        new Packs(Path.of("..", "packs"))
            .withTerms(
                TopologyLoader.load(Path.of("..", "examples", "entsso-cluster.yaml")).topology());
    if (sim == null) {
      return base;
    }
    return new Topology(
        base.system(),
        base.pack(),
        base.driver(),
        base.roleModel(),
        base.sides(),
        base.nodes(),
        base.components(),
        base.links(),
        base.entryPoints(),
        base.secrets(),
        sim,
        base.terms());
  }

  private SimDriver sim(Function<String, String> secrets) {
    return new SimDriver(dir.resolve("entsso.json"), Clock.systemUTC(), secrets);
  }

  private final MemoryJournal journal = new MemoryJournal();

  private Plan plan(Topology t, Driver driver) throws Exception {
    return new UnclusterStrategy().plan(t, driver.observe(t, List.of()), new Goal(TO, Map.of()));
  }

  private Engine engine(Driver driver) {
    return new Engine(
        driver, journal, EngineListener.NONE, Redactor.of(List.of(PASSWORD)), Clock.systemUTC());
  }

  private static EngineOptions options() {
    return EngineOptions.defaults().withYes(true).withVerifyTimeout(Duration.ofMillis(200));
  }

  private RunResult run(Topology t, Driver driver) throws Exception {
    Plan plan = plan(t, driver);
    RunRecord template =
        new RunRecord(
            "",
            t.system(),
            plan.strategy(),
            TO.text(),
            plan.goal().options(),
            "entsso-cluster.yaml",
            "",
            plan.fingerprint(),
            RunStatus.RUNNING,
            null,
            null);
    return engine(driver).start(t, plan, template, options());
  }

  private static List<String> verbs(SimDriver driver) {
    return driver.actions().stream().map(a -> a.verb() + " " + a.target()).toList();
  }

  @Test
  void theExampleIsUpgradedReclusteredAndServesAgainOnTheSimulator() throws Exception {
    Topology t = example(null);
    SimDriver driver = sim(SECRET_SET);

    RunResult r = run(t, driver);

    assertEquals(RunStatus.DONE, r.status(), r.sentence());
    Facts after = driver.observe(t, List.of());
    for (String node : List.of("entsso-mss-1", "entsso-mss-2")) {
      assertEquals(Optional.of(TO), after.version(node), node);
      assertEquals(Optional.of("entsso-cluster"), after.property(node + ".master"), node);
    }
    assertEquals(Optional.of("online"), after.property("entsso-cluster.cluster-state"));
    assertEquals(Optional.of("entsso-mss-1"), after.property("entsso-cluster.owner"));
    List<String> active =
        t.roleGroup("entsso-mss").stream()
            .map(Component::name)
            .filter(c -> after.role(c).map("active"::equals).orElse(false))
            .toList();
    assertEquals(List.of("entsso-mss-1"), active);
    for (Component c : t.components()) {
      assertEquals(Optional.of(ServiceState.RUNNING), after.service(c.name()), c.name());
    }
    List<String> done = verbs(driver);
    assertTrue(
        done.indexOf("failover entsso-mss-2") < done.indexOf("failover entsso-mss-1"),
        done.toString());
    assertTrue(done.indexOf("failover entsso-mss-1") < done.indexOf("start bts-sql-jobs"));
    assertFalse(driver.actions().toString().contains(PASSWORD));
  }

  @Test
  void aHostInstanceThatStillRunsHaltsTheRunBeforeTheUncluster() throws Exception {
    // An operator starts a host instance again by hand while the backups run.
    Topology t = example(null);
    SimDriver sim = sim(SECRET_SET);
    Driver driver = new Restarting(sim, "backup entsso-mss-2", t, "bts-host-2");

    RunResult r = run(t, driver);

    assertEquals(RunStatus.HALTED, r.status(), r.sentence());
    assertEquals("dependent bts-host-2 still runs; quiesce every dependent first", r.sentence());
    assertFalse(verbs(sim).contains("cluster-offline entsso-cluster"));
    assertTrue(verbs(sim).stream().noneMatch(v -> v.startsWith("install")));
    assertEquals(
        Optional.of("online"), sim.observe(t, List.of()).property("entsso-cluster.cluster-state"));
  }

  @Test
  void aMissingSecretBackupHaltsTheRunBeforeTheUncluster() throws Exception {
    // The secret's backup file is lost after it was verified, before the cluster goes offline.
    Topology t = example(null);
    SimDriver sim = sim(SECRET_SET);
    Driver driver = new LosingSecretBackup(sim, "backup entsso-mss-2");

    RunResult r = run(t, driver);

    assertEquals(RunStatus.HALTED, r.status(), r.sentence());
    assertEquals("the master secret of entsso-cluster has no backup", r.sentence());
    assertFalse(verbs(sim).contains("cluster-offline entsso-cluster"));
    assertTrue(verbs(sim).stream().noneMatch(v -> v.startsWith("install")));
  }

  @Test
  void aSecretBackupThatLeavesNoBackupFailsItsOwnVerification() throws Exception {
    Topology t = example(null);
    SimDriver sim = sim(SECRET_SET);
    Driver driver = new LosingSecretBackup(sim, "backup-secret entsso-cluster");

    RunResult r = run(t, driver);

    assertEquals(RunStatus.FAILED, r.status(), r.sentence());
    assertEquals(
        "verification failed: entsso-cluster.secret-backup is unknown, not pre-4.0.2-master-secret",
        r.sentence());
    assertFalse(verbs(sim).contains("cluster-offline entsso-cluster"));
  }

  @Test
  void anUnsetBackupPasswordHaltsTheRunBeforeTheSecretIsBackedUp() throws Exception {
    Topology t = example(null);
    SimDriver driver = sim(name -> null);

    RunResult r = run(t, driver);

    assertEquals(RunStatus.HALTED, r.status(), r.sentence());
    assertEquals(
        "secret entsso-secret-backup (env:ENTSSO_SECRET_BACKUP_PASSWORD) is not set", r.sentence());
    assertTrue(verbs(driver).stream().noneMatch(v -> v.startsWith("backup")));
    assertTrue(verbs(driver).contains("stop bts-sql-jobs"));
  }

  @Test
  void aForcedFullBackupThatFailsLeavesBothNodesUninstalled() throws Exception {
    Topology t = example(Map.of("failActions", List.of("backup biztalk-dbs")));
    SimDriver driver = sim(SECRET_SET);

    RunResult r = run(t, driver);

    assertEquals(RunStatus.FAILED, r.status(), r.sentence());
    assertTrue(r.sentence().contains("backup biztalk-dbs"), r.sentence());
    assertTrue(verbs(driver).stream().noneMatch(v -> v.startsWith("install")));
    assertTrue(verbs(driver).stream().noneMatch(v -> v.startsWith("cluster-offline")));
  }

  @Test
  void aFailoverThatDoesNotAnswerStopsTheRunBeforeTheDependentsReturn() throws Exception {
    Topology t = example(null);
    SimDriver sim = sim(SECRET_SET);
    Driver driver = new CrashingAfter(sim, "failover entsso-mss-2", "sso-node-2");

    RunResult r = run(t, driver);

    assertEquals(RunStatus.FAILED, r.status(), r.sentence());
    assertEquals("verification failed: entsso-mss-2 is of unknown role, not active", r.sentence());
    List<String> done = verbs(sim);
    assertFalse(done.contains("failover entsso-mss-1"), done.toString());
    assertTrue(done.stream().noneMatch(v -> v.startsWith("start bts-")), done.toString());
    assertFalse(done.contains("start bts-sql-jobs"), done.toString());
  }

  @Test
  void abortingAfterAFailedFirstInstallReclustersAndRestartsTheDependents() throws Exception {
    Topology t = example(Map.of("failActions", List.of("install entsso-mss-1")));
    SimDriver driver = sim(SECRET_SET);
    RunResult r = run(t, driver);
    assertEquals(RunStatus.FAILED, r.status(), r.sentence());
    assertEquals(
        Optional.of("offline"),
        driver.observe(t, List.of()).property("entsso-cluster.cluster-state"));

    RunResult a = engine(driver).abort(r.runId(), t, plan(t, driver), options());

    assertEquals(RunStatus.ABORTED, a.status(), a.sentence());
    Facts after = driver.observe(t, List.of());
    assertEquals(Optional.of("online"), after.property("entsso-cluster.cluster-state"));
    assertEquals(Optional.of("entsso-mss-1"), after.property("entsso-cluster.owner"));
    for (String node : List.of("entsso-mss-1", "entsso-mss-2")) {
      assertEquals(Optional.of("entsso-cluster"), after.property(node + ".master"), node);
      assertEquals(Optional.of(Version.parse("4.0.1")), after.version(node), node);
    }
    for (Component c : t.components()) {
      assertEquals(Optional.of(ServiceState.RUNNING), after.service(c.name()), c.name());
    }
  }

  /** Passes everything through, and runs {@code then} once after {@code verbAndTarget} acts. */
  private abstract static class After implements Driver {
    private final SimDriver inner;
    private final String verbAndTarget;

    After(SimDriver inner, String verbAndTarget) {
      this.inner = inner;
      this.verbAndTarget = verbAndTarget;
    }

    abstract void then(SimDriver sim, Action a);

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public java.util.Set<Verb> verbs() {
      return inner.verbs();
    }

    @Override
    public Facts observe(Topology t, Collection<String> keys) throws DriverException {
      return inner.observe(t, keys);
    }

    @Override
    public ActionResult act(Topology t, Action a, String key) throws DriverException {
      ActionResult r = inner.act(t, a, key);
      if ((a.verb() + " " + a.target()).equals(verbAndTarget)) {
        then(inner, a);
      }
      return r;
    }
  }

  /** An operator starts a dependent again by hand while the backups run. */
  private static final class Restarting extends After {
    private final Topology topology;
    private final String dependent;

    Restarting(SimDriver inner, String after, Topology topology, String dependent) {
      super(inner, after);
      this.topology = topology;
      this.dependent = dependent;
    }

    @Override
    void then(SimDriver sim, Action a) {
      try {
        sim.act(topology, Action.idempotent(Verb.START, dependent, Map.of()), "by-hand");
      } catch (DriverException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The master secret's backup file is lost (a full disk, a cleanup job). */
  private static final class LosingSecretBackup extends After {
    LosingSecretBackup(SimDriver inner, String after) {
      super(inner, after);
    }

    @Override
    void then(SimDriver sim, Action a) {
      sim.removeProperty("entsso-cluster", "secret-backup");
    }
  }

  /** The node that just took over goes down, so ENTSSO cannot answer there. */
  private static final class CrashingAfter extends After {
    private final String node;

    CrashingAfter(SimDriver inner, String after, String node) {
      super(inner, after);
      this.node = node;
    }

    @Override
    void then(SimDriver sim, Action a) {
      sim.setNodeDown(node, true);
    }
  }
}
