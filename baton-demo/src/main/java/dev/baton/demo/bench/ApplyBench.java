package dev.baton.demo.bench;

import dev.baton.drivers.sim.SimDriver;
import dev.baton.engine.Decision;
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
import dev.baton.plan.Goal;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.strategy.FullStopStrategy;
import dev.baton.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A full {@code apply} of full-stop on the simulator of a generated system, with the SQLite journal
 * and the simulator's state file on disk as a real run has them: wall time per step, the median
 * step, and the heap the run needed.
 */
final class ApplyBench {

  private ApplyBench() {}

  /** The figures of one apply of a generated system of {@code nodes} nodes. */
  static Map<String, Object> once(Path workDir, int nodes) throws Exception {
    Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "apply-");
    try {
      Topology t = TopologyLoader.parse(GeneratedTopology.yaml(nodes), "generated.yaml").topology();
      Plan plan = new FullStopStrategy().plan(t, Facts.empty(), Goal.upgradeTo("2.0"));
      StepTimes times = new StepTimes();
      HeapPeak heap = HeapPeak.start();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      RunResult r;
      try (Journal journal = SqliteJournal.open(dir.resolve("journal.db"));
          SimDriver sim = new SimDriver(SimDriver.stateFileFor(dir, t.system()))) {
        Engine engine = new Engine(sim, journal, times, Redactor.none(), Clock.systemUTC());
        RunRecord template =
            RunRecord.starting(
                t.system(), "full-stop", "2.0", Map.of(), "generated.yaml", "", plan.fingerprint());
        r = engine.start(t, plan, template, EngineOptions.defaults().withYes(true));
      }
      double wallMs = (System.nanoTime() - t0) / 1e6;
      double cpuMs = (processCpuNanos() - cpu0) / 1e6;
      HeapPeak.Figures peak = heap.stop();
      if (r.status() != RunStatus.DONE) {
        throw new IllegalStateException("bench apply did not finish: " + r.sentence());
      }
      int steps = plan.steps().size();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("nodes", nodes);
      out.put("steps", steps);
      out.put("wallMs", EngineBench.round(wallMs));
      out.put("perStepMsMean", EngineBench.round(wallMs / steps));
      out.put("perStepMsMedian", EngineBench.round(times.median()));
      out.put("cpuMsPerStep", EngineBench.round(cpuMs / steps));
      out.put("peakHeapMiB", peak.peakMiB());
      out.put("peakLiveHeapMiB", peak.peakLiveMiB());
      return out;
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // CPU of the whole process (collector and compiler included), which no disk wait hides.
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Each step's time from start to decision, as the engine reports it. */
  private static final class StepTimes implements EngineListener {
    private final List<Double> ms = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void stepDecided(Step step, Decision decision, Duration took) {
      ms.add(took.toNanos() / 1e6);
    }

    double median() {
      synchronized (ms) {
        return EngineBench.median(ms);
      }
    }
  }
}
