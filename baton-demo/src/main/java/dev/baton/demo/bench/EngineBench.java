package dev.baton.demo.bench;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.Engine;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EngineOptions;
import dev.baton.engine.Journal;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunResult;
import dev.baton.engine.RunStatus;
import dev.baton.facts.Facts;
import dev.baton.journal.SqliteJournal;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.FullStopStrategy;
import dev.baton.topology.LoadedTopology;
import dev.baton.topology.TopologyLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine benchmark of TESTING.md: per-step overhead on no-op steps with the SQLite journal,
 * plan+validate time of a generated topology, peak heap, and a full apply on the simulator of a
 * small and of the generated system, whose per-step figures must not grow with its size. Prints
 * figures; asserts nothing.
 */
public final class EngineBench {

  private EngineBench() {}

  /** A driver that observes nothing and acts instantly, so only the engine and journal cost. */
  static final class NoopDriver implements Driver {
    @Override
    public String name() {
      return "no-op";
    }

    @Override
    public Set<Verb> verbs() {
      return Set.of(Verb.CHECK);
    }

    @Override
    public Facts observe(Topology t, Collection<String> keys) {
      return Facts.empty();
    }

    @Override
    public ActionResult act(Topology t, Action a, String key) {
      return new ActionResult("nothing to do", "");
    }
  }

  /** The size of the system whose apply is the yardstick for a large one. */
  public static final int SMALL_NODES = 10;

  /**
   * Runs the benchmark; the journals are written under {@code workDir}, as a real run's would be.
   * {@code applyRuns} full applies of each size are measured (none when 0).
   */
  public static Map<String, Object> run(Path workDir, int steps, int nodes, int runs, int applyRuns)
      throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "engine");
    out.put("runs", runs);
    out.put("noopSteps", steps);
    out.put("journalDir", workDir.toString());
    List<Double> perStep = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      perStep.add(perStepMillis(workDir, steps));
    }
    out.put("perStepMsMedian", round(median(perStep)));
    out.put("perStepMsAll", perStep.stream().map(EngineBench::round).toList());
    out.put("perStepTargetMs", 2.0);
    String yaml = GeneratedTopology.yaml(nodes);
    List<Double> planMs = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      planMs.add(planAndValidateMillis(yaml));
    }
    out.put("topologyNodes", nodes);
    out.put("planValidateMsMedian", round(median(planMs)));
    out.put("planValidateMsAll", planMs.stream().map(EngineBench::round).toList());
    out.put("planValidateTargetMs", 500.0);
    out.put("peakHeapMiB", peakHeapMiB());
    if (applyRuns > 0) {
      out.put("apply", apply(workDir, nodes, Math.max(runs, applyRuns), applyRuns));
    }
    return out;
  }

  /**
   * Full applies of full-stop on the simulator, {@value #SMALL_NODES} nodes and then {@code nodes},
   * after five small warm-up applies; per-step figures are medians over the runs.
   */
  static Map<String, Object> apply(Path workDir, int nodes, int smallRuns, int largeRuns)
      throws Exception {
    for (int i = 0; i < 5; i++) {
      ApplyBench.once(workDir, SMALL_NODES); // warm-up: class loading and compilation
    }
    Map<String, Object> small = applies(workDir, SMALL_NODES, smallRuns);
    Map<String, Object> large = applies(workDir, nodes, largeRuns);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("strategy", "full-stop");
    out.put("driver", "sim");
    out.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    out.put("small", small);
    out.put("large", large);
    out.put(
        "perStepMedianRatio",
        round((double) large.get("perStepMsMedian") / (double) small.get("perStepMsMedian")));
    out.put(
        "perStepMeanRatio",
        round((double) large.get("perStepMsMean") / (double) small.get("perStepMsMean")));
    out.put(
        "cpuPerStepRatio",
        round((double) large.get("cpuMsPerStep") / (double) small.get("cpuMsPerStep")));
    out.put("perStepRatioTarget", 2.0);
    out.put("peakHeapTargetMiB", 512);
    return out;
  }

  /** The medians of {@code runs} applies of one size, with the figures of each. */
  private static Map<String, Object> applies(Path workDir, int nodes, int runs) throws Exception {
    List<Map<String, Object>> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      all.add(ApplyBench.once(workDir, nodes));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", nodes);
    out.put("steps", all.get(0).get("steps"));
    for (String figure : List.of("perStepMsMedian", "perStepMsMean", "cpuMsPerStep", "wallMs")) {
      out.put(figure, round(median(all.stream().map(m -> (double) m.get(figure)).toList())));
    }
    out.put(
        "peakHeapMiB", all.stream().mapToLong(m -> (long) m.get("peakHeapMiB")).max().orElse(0));
    out.put(
        "peakLiveHeapMiB",
        all.stream().mapToLong(m -> (long) m.get("peakLiveHeapMiB")).max().orElse(0));
    out.put("runs", all);
    return out;
  }

  static double perStepMillis(Path workDir, int steps) throws Exception {
    Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "bench-");
    try (Journal journal = SqliteJournal.open(dir.resolve("journal.db"))) {
      Topology t = TopologyLoader.parse(GeneratedTopology.yaml(2), "bench").topology();
      List<Step> list = new ArrayList<>();
      for (int i = 0; i < steps; i++) {
        list.add(Step.builder("noop-" + i, "no-op " + i, Action.check("c0")).build());
      }
      Plan plan =
          new Plan(
              t.system(),
              "bench",
              new Goal(null, Map.of()),
              List.of(new Phase("noop", list)),
              List.of());
      Engine engine =
          new Engine(
              new NoopDriver(), journal, EngineListener.NONE, Redactor.none(), Clock.systemUTC());
      RunRecord template =
          RunRecord.starting(t.system(), "bench", "", Map.of(), "bench", "", plan.fingerprint());
      long t0 = System.nanoTime();
      RunResult r = engine.start(t, plan, template, EngineOptions.defaults());
      long elapsed = System.nanoTime() - t0;
      if (r.status() != RunStatus.DONE) {
        throw new IllegalStateException("bench run did not finish: " + r.sentence());
      }
      return elapsed / 1e6 / steps;
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static double planAndValidateMillis(String yaml) throws Exception {
    long t0 = System.nanoTime();
    LoadedTopology lt = TopologyLoader.parse(yaml, "generated.yaml");
    Plan plan =
        new FullStopStrategy()
            .plan(lt.topology(), Facts.empty(), dev.baton.plan.Goal.upgradeTo("2.0"));
    if (plan.steps().isEmpty()) {
      throw new IllegalStateException("empty plan");
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  public static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }
}
