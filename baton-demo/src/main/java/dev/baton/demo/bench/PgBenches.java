package dev.baton.demo.bench;

import dev.baton.engine.Driver;
import dev.baton.engine.EngineListener;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Goal;
import dev.baton.testkit.pg.PgBinaries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The switchover and rolling-upgrade benchmarks of TESTING.md, on a real local pair under the
 * workload client. They print figures; the reliability tests assert on the same scenario.
 */
public final class PgBenches {
  private PgBenches() {}

  /** N planned switchovers back and forth. */
  public static Map<String, Object> switchover(Path home, int runs, Driver.Factory drivers)
      throws Exception {
    try (PgScenario s = PgScenario.start(home, PgBinaries.debian(), drivers)) {
      s.awaitAcks(200);
      List<Double> gaps = new ArrayList<>();
      List<Double> overhead = new ArrayList<>();
      List<Double> action = new ArrayList<>();
      int failed = 0;
      List<String> notDone = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        PgScenario.Window w = s.run("switchover", new Goal(null, Map.of()), EngineListener.NONE);
        if (w.result().status() != RunStatus.DONE) {
          failed++;
          notDone.add(w.result().status().label() + ": " + w.result().sentence());
        }
        s.awaitMoreAcks(50);
        gaps.add(s.longestGapMs(w));
        action.add((double) w.actionMs());
        overhead.add((double) (w.wallMs() - w.actionMs()));
      }
      PgScenario.Verdict v = s.finish();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("benchmark", "switchover");
      out.put("postgresql", PgBinaries.debian().version());
      out.put("runs", runs);
      out.put("runsNotDone", failed);
      out.put("notDone", notDone);
      out.put("longestGapMsMedian", PgScenario.round(EngineBench.median(gaps)));
      out.put(
          "longestGapMsWorst", PgScenario.round(gaps.stream().mapToDouble(d -> d).max().orElse(0)));
      out.put("longestGapMsAll", gaps.stream().map(PgScenario::round).toList());
      out.put("runWallMsMedian", PgScenario.round(EngineBench.median(sum(action, overhead))));
      out.put("waitingOnPostgresMsMedian", PgScenario.round(EngineBench.median(action)));
      out.put("batonOverheadMsMedian", PgScenario.round(EngineBench.median(overhead)));
      out.putAll(PgScenario.figures(v));
      return out;
    }
  }

  /** A real minor upgrade of the pair, from the 15.8 build to Debian's 15.x. */
  public static Map<String, Object> rollingUpgrade(Path home, Driver.Factory drivers)
      throws Exception {
    try (PgScenario s = PgScenario.start(home, PgBinaries.zonky158(), drivers)) {
      s.awaitAcks(200);
      String from = s.observe().version("pg-a").map(Object::toString).orElse("?");
      String to = PgBinaries.debian().version();
      PgScenario.Window w = s.run("takeover", Goal.upgradeTo(to), EngineListener.NONE);
      s.awaitMoreAcks(50);
      var after = s.observe();
      PgScenario.Verdict v = s.finish();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("benchmark", "rolling-upgrade");
      out.put("from", from);
      out.put("to", to);
      out.put("status", w.result().status().label());
      out.put(
          "versionsAfter",
          Map.of(
              "pg-a",
              String.valueOf(after.version("pg-a").orElse(null)),
              "pg-b",
              String.valueOf(after.version("pg-b").orElse(null))));
      out.put("wallMs", w.wallMs());
      out.put("waitingOnPostgresMs", w.actionMs());
      out.put("batonOverheadMs", w.wallMs() - w.actionMs());
      out.putAll(PgScenario.figures(v));
      return out;
    }
  }

  private static List<Double> sum(List<Double> a, List<Double> b) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(a.get(i) + b.get(i));
    }
    return out;
  }
}
