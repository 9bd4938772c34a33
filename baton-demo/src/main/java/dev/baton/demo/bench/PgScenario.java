package dev.baton.demo.bench;

import dev.baton.app.report.RunReport;
import dev.baton.drivers.transport.CommandClock;
import dev.baton.drivers.transport.TimedDriver;
import dev.baton.engine.Driver;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.EventType;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Redactor;
import dev.baton.engine.ResultKey;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.facts.Facts;
import dev.baton.journal.SqliteJournal;
import dev.baton.plan.Goal;
import dev.baton.plan.Outline;
import dev.baton.plan.Plan;
import dev.baton.strategy.PlanningException;
import dev.baton.strategy.Strategies;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.workload.History;
import dev.baton.testkit.workload.LostWritesChecker;
import dev.baton.testkit.workload.Op;
import dev.baton.testkit.workload.TwoActivesChecker;
import dev.baton.testkit.workload.Unavailability;
import dev.baton.testkit.workload.WorkloadClient;
import dev.baton.testkit.workload.WritabilityProbe;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real local PostgreSQL pair under the workload client and the writability probe, on which Baton
 * runs plans: the shared ground of the demo, the benchmarks and the reliability tests.
 */
public final class PgScenario implements AutoCloseable {

  /**
   * One Baton run and the stretch of the workload it covered: its wall time, the time inside
   * actions ({@code actionMs}), the part of that spent in commands on nodes ({@code
   * actionRemoteMs}), and the time in commands on nodes in all, observations included ({@code
   * remoteMs}, {@code remoteCommands}; 0 when the driver does not count them).
   */
  public record Window(
      String runId,
      RunResult result,
      long startNanos,
      long endNanos,
      long actionMs,
      long wallMs,
      long actionRemoteMs,
      long remoteMs,
      long remoteCommands) {

    /** Time inside actions that was not spent in commands: PostgreSQL's work over SQL. */
    public long waitingOnPostgresMs() {
      return Math.max(0, actionMs - actionRemoteMs);
    }

    /** Everything else: planning, observing, journaling, the engine. */
    public long batonOwnWorkMs() {
      return Math.max(0, wallMs - waitingOnPostgresMs() - remoteMs);
    }
  }

  /** What the checkers found over the whole scenario. */
  public record Verdict(
      LostWritesChecker.Result lost,
      TwoActivesChecker.Result twoActives,
      Unavailability unavailability) {
    public boolean safe() {
      return lost.ok() && twoActives.ok();
    }
  }

  /** How long the scenario's workload and probe run at most if nothing stops them. */
  static final Duration RUNS_AT_MOST = Duration.ofHours(2);

  private final LocalPgPair pair;
  private final LoadedTopology topology;
  private final Journal journal;
  private final Driver driver;
  private final WorkloadClient client;
  private final WritabilityProbe probe;
  private final List<Window> windows = new ArrayList<>();
  private final List<AutoCloseable> alsoClose;

  private PgScenario(
      LocalPgPair pair,
      LoadedTopology topology,
      Journal journal,
      Driver driver,
      WorkloadClient client,
      WritabilityProbe probe,
      List<AutoCloseable> alsoClose) {
    this.alsoClose = List.copyOf(alsoClose);
    this.pair = pair;
    this.topology = topology;
    this.journal = journal;
    this.driver = driver;
    this.client = client;
    this.probe = probe;
  }

  /** Starts a pair on {@code bin}, then the workload through the multi-host URL, then the probe. */
  public static PgScenario start(Path home, PgBinaries bin, Driver.Factory drivers)
      throws Exception {
    LocalPgPair pair = LocalPgPair.start(bin);
    return start(home, pair, pair.topologyYaml(), pair.multiHostUrl(), drivers, List.of());
  }

  /**
   * Runs the workload against {@code clientUrl} (through a load balancer, or a name that DNS
   * resolves) on an already started pair described by {@code topologyText}. The scenario owns the
   * pair and {@code alsoClose} (the load balancer, the DNS server) and closes them last.
   */
  public static PgScenario start(
      Path home,
      LocalPgPair pair,
      String topologyText,
      String clientUrl,
      Driver.Factory drivers,
      List<AutoCloseable> alsoClose)
      throws Exception {
    return start(
        home,
        pair,
        topologyText,
        clientUrl,
        List.of(pair.pgA().jdbcUrl(), pair.pgB().jdbcUrl()),
        drivers,
        alsoClose);
  }

  /**
   * As above, with the writability probe reaching the servers at {@code probeUrls}: a primary cut
   * off from Baton may still be reachable by clients on its side, and the probe must be one of
   * them.
   */
  public static PgScenario start(
      Path home,
      LocalPgPair pair,
      String topologyText,
      String clientUrl,
      List<String> probeUrls,
      Driver.Factory drivers,
      List<AutoCloseable> alsoClose)
      throws Exception {
    try {
      java.nio.file.Files.createDirectories(home);
      Path file = java.nio.file.Files.writeString(home.resolve("topology.yaml"), topologyText);
      LoadedTopology lt = TopologyLoader.load(file);
      Journal journal = SqliteJournal.open(home.resolve("journal.db"));
      Driver driver = drivers.open(lt.topology());
      // The scenario stops both in finish() or close(); their own cap only bounds a test that never
      // gets there, and must outlast the longest test (20 switchovers over a lossy link).
      WorkloadClient client =
          new WorkloadClient(
              clientUrl,
              new java.util.Properties(),
              WorkloadClient.Settings.DEFAULT.withMaxDuration(RUNS_AT_MOST),
              new History());
      client.start();
      WritabilityProbe probe =
          new WritabilityProbe(
              probeUrls, new java.util.Properties(), WritabilityProbe.DEFAULT_PERIOD, RUNS_AT_MOST);
      probe.start();
      return new PgScenario(pair, lt, journal, driver, client, probe, alsoClose);
    } catch (Exception e) {
      for (AutoCloseable c : alsoClose) {
        c.close();
      }
      pair.close();
      throw e;
    }
  }

  public LocalPgPair pair() {
    return pair;
  }

  public LoadedTopology topology() {
    return topology;
  }

  public Driver driver() {
    return driver;
  }

  public Journal journal() {
    return journal;
  }

  public History history() {
    return client.history();
  }

  /** When the probe first saw {@code server} (as {@code host:port}) accept writes. */
  public long firstWritableAt(String server) {
    return probe.samples().stream()
        .filter(p -> p.server().equals(server))
        .filter(p -> p.writability() == dev.baton.testkit.workload.ProbeSample.Writability.WRITABLE)
        .mapToLong(dev.baton.testkit.workload.ProbeSample::startNanos)
        .min()
        .orElseThrow(() -> new AssertionError(server + " never accepted writes"));
  }

  /** The writes {@code server} acknowledged after {@code nanos}: after a promote, none may be. */
  public List<Op> acknowledgedBy(String server, long nanos) {
    return client.history().oks().stream()
        .filter(op -> server.equals(op.server()) && op.endNanos() > nanos)
        .toList();
  }

  /** What the writability probe has seen so far, every server each round. */
  public List<dev.baton.testkit.workload.ProbeSample> probeSamples() {
    return probe.samples();
  }

  public List<Window> windows() {
    return List.copyOf(windows);
  }

  public Facts observe() throws dev.baton.engine.DriverException {
    return driver.observe(topology.topology(), List.of());
  }

  public Plan plan(String strategy, Goal goal) throws Exception {
    try {
      return Strategies.named(strategy).orElseThrow().plan(topology.topology(), observe(), goal);
    } catch (PlanningException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Plans and runs one strategy with {@code --yes}, and remembers the window it covered. */
  public Window run(String strategy, Goal goal, EngineListener listener) throws Exception {
    Plan plan = plan(strategy, goal);
    RunRecord template =
        RunRecord.starting(
            plan.system(),
            plan.strategy(),
            goal.targetVersion() == null ? "" : goal.targetVersion().text(),
            plan.goal().options(),
            topology.source(),
            topology.text(),
            plan.fingerprint());
    Engine engine = new Engine(driver, journal, listener, Redactor.none(), Clock.systemUTC());
    CommandClock.Reading before = commands();
    long t0 = System.nanoTime();
    RunResult r =
        engine.start(topology.topology(), plan, template, EngineOptions.defaults().withYes(true));
    long t1 = System.nanoTime();
    Window w = window(r.runId(), r, t0, t1, before);
    windows.add(w);
    return w;
  }

  private Window window(String runId, RunResult r, long t0, long t1, CommandClock.Reading before) {
    CommandClock.Reading spent = commands().minus(before);
    return new Window(
        runId,
        r,
        t0,
        t1,
        actionMillis(runId, ResultKey.ACTION_MS),
        (t1 - t0) / 1_000_000,
        actionMillis(runId, ResultKey.REMOTE_MS),
        spent.millis(),
        spent.commands());
  }

  /** What the driver's transports have counted so far, or nothing when it does not count. */
  private CommandClock.Reading commands() {
    return driver instanceof TimedDriver t ? t.clock().total() : new CommandClock.Reading(0, 0);
  }

  /** Resumes a halted run with the scenario's driver, as {@code baton resume --yes} would. */
  public Window resume(String runId) throws Exception {
    RunRecord rec = journal.run(runId).orElseThrow();
    Goal goal =
        new Goal(
            rec.targetVersion().isEmpty()
                ? null
                : dev.baton.model.Version.parse(rec.targetVersion()),
            rec.options());
    Plan plan =
        Strategies.named(rec.strategy())
            .orElseThrow()
            .plan(topology.topology(), Facts.empty(), goal);
    Engine engine =
        new Engine(driver, journal, EngineListener.NONE, Redactor.none(), Clock.systemUTC());
    CommandClock.Reading before = commands();
    long t0 = System.nanoTime();
    RunResult r =
        engine.resume(runId, topology.topology(), plan, EngineOptions.defaults().withYes(true));
    long t1 = System.nanoTime();
    Window w = window(runId, r, t0, t1, before);
    windows.add(w);
    return w;
  }

  /** The sum of one figure over a run's step outcomes (a resumed run's earlier ones too). */
  private long actionMillis(String runId, ResultKey<Long> key) {
    if (runId == null) {
      return 0;
    }
    long ms = 0;
    for (JournalEvent e : journal.events(runId)) {
      if (e.type() == EventType.OUTCOME) {
        ms += key.in(e.data()).orElse(0L);
      }
    }
    return ms;
  }

  /** The longest gap between acknowledged writes that ended inside a window (plus a margin). */
  public double longestGapMs(Window w) {
    return Unavailability.of(History.of(opsDuring(w))).longestGapMs();
  }

  /** The ops that ended inside a window (plus a margin): what clients saw during that run. */
  public List<Op> opsDuring(Window w) {
    long margin = Duration.ofSeconds(2).toNanos();
    List<Op> inside = new ArrayList<>();
    for (Op op : client.history().ops()) {
      if (op.endNanos() >= w.startNanos() && op.endNanos() <= w.endNanos() + margin) {
        inside.add(op);
      }
    }
    return inside;
  }

  /** The longest single operation a client saw during a window, in milliseconds. */
  public double longestOpMs(Window w) {
    return opsDuring(w).stream().mapToLong(o -> o.endNanos() - o.startNanos()).max().orElse(0)
        / 1e6;
  }

  /** The operations that failed or ended unknown during a window: errors a client saw. */
  public long clientErrors(Window w) {
    return opsDuring(w).stream().filter(o -> !o.acknowledged()).count();
  }

  /** Bounded wait until the workload has acknowledged {@code n} writes in all (at most 60 s). */
  public void awaitAcks(long n) throws InterruptedException {
    History h = client.history();
    Poll.every(Duration.ofMillis(10))
        .until(
            Duration.ofSeconds(60),
            "the workload to acknowledge " + n + " writes",
            () -> h.acknowledged() >= n || !client.isRunning());
    if (h.acknowledged() < n) {
      throw new IllegalStateException(
          "the workload stopped after " + h.acknowledged() + " acknowledged writes, before " + n);
    }
  }

  /** Bounded wait for {@code more} acknowledgements beyond those so far. */
  public void awaitMoreAcks(int more) throws InterruptedException {
    awaitAcks(client.history().acknowledged() + more);
  }

  /** Stops the workload and the probe, then checks the history against the final primary. */
  public Verdict finish() throws Exception {
    client.stop();
    probe.stop();
    return new Verdict(
        LostWritesChecker.check(client.history(), client.finalIds()),
        TwoActivesChecker.check(client.history(), probe.samples()),
        Unavailability.of(client.history()));
  }

  /**
   * The report of the run in {@code w}, from its journal and the outline it journaled when it
   * started, with what the client saw: its failed and longest operations during the run, and the
   * checkers' verdict {@code v} on the whole session.
   */
  public RunReport report(Window w, Verdict v) {
    RunRecord run = journal.run(w.runId()).orElseThrow();
    List<JournalEvent> events = journal.events(w.runId());
    Outline outline =
        events.stream()
            .filter(e -> e.type() == EventType.RUN_STARTED)
            .map(e -> e.data().get(Engine.OUTLINE))
            .filter(o -> o != null)
            .findFirst()
            .map(Outline::fromJson)
            .orElseThrow(() -> new IllegalStateException(w.runId() + " journaled no outline"));
    return RunReport.of(run, outline, events)
        .withWorkload(
            new RunReport.Workload(
                clientErrors(w),
                round(longestOpMs(w)),
                round(v.unavailability().longestGapMs()),
                round(v.unavailability().totalOverThresholdMs()),
                v.lost().lost().size(),
                v.lost().unexpected().size(),
                v.twoActives().overlaps().size() + v.twoActives().conflicts().size()));
  }

  /** Summary numbers of a run for JSON output. */
  public static Map<String, Object> figures(Verdict v) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("acknowledgedWrites", v.lost().acknowledged());
    m.put("lostWrites", v.lost().lost().size());
    m.put("unexpectedWrites", v.lost().unexpected().size());
    m.put("twoActives", v.twoActives().overlaps().size() + v.twoActives().conflicts().size());
    m.put("longestGapMs", round(v.unavailability().longestGapMs()));
    m.put("totalUnavailabilityMs", round(v.unavailability().totalOverThresholdMs()));
    m.put("lostWritesCheck", v.lost().summary());
    m.put("twoActivesCheck", v.twoActives().summary());
    return m;
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  @Override
  public void close() {
    client.close();
    probe.close();
    driver.close();
    journal.close();
    for (AutoCloseable c : alsoClose) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("warning: could not stop " + c + ": " + e.getMessage());
      }
    }
    pair.close();
  }
}
