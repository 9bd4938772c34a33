package dev.baton.demo.bench;

import dev.baton.engine.Decision;
import dev.baton.engine.EngineListener;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.ResultKey;
import dev.baton.plan.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each step of a series of runs spent its time: before its action (observing, guards, the
 * intent's journal write), in its action, and after it (observing until verified, the outcome's
 * journal write). Steps are grouped by the first word of their id ({@code fence-pg-a} and {@code
 * fence-pg-b} are both {@code fence}), since the switchovers go back and forth.
 */
final class StepTimes implements EngineListener {

  /** One step of one run, in milliseconds. */
  private record Split(double beforeMs, double actMs, double afterMs, double totalMs) {}

  private final Map<String, List<Split>> byKind = new LinkedHashMap<>();
  private final Map<String, Long> startedAt = new HashMap<>();
  private final Map<String, Long> intentAt = new HashMap<>();
  private final Map<String, Long> actMs = new HashMap<>();

  @Override
  public synchronized void stepStarted(Step step) {
    startedAt.put(step.id(), System.nanoTime());
    intentAt.remove(step.id());
    actMs.remove(step.id());
  }

  @Override
  public synchronized void recorded(JournalEvent e) {
    if (e.type() == EventType.INTENT) {
      intentAt.put(e.stepId(), System.nanoTime());
    } else if (e.type() == EventType.OUTCOME) {
      ResultKey.ACTION_MS.in(e.data()).ifPresent(ms -> actMs.put(e.stepId(), ms));
    }
  }

  @Override
  public synchronized void stepDecided(Step step, Decision decision, Duration took) {
    Long t0 = startedAt.remove(step.id());
    if (t0 == null) {
      return;
    }
    double total = took.toNanos() / 1e6;
    Long intent = intentAt.remove(step.id());
    double before = intent == null ? total : (intent - t0) / 1e6;
    double act = intent == null ? 0 : actMs.getOrDefault(step.id(), 0L);
    double after = Math.max(0, total - before - act);
    byKind
        .computeIfAbsent(kind(step.id()), k -> new ArrayList<>())
        .add(new Split(before, act, after, total));
  }

  private static String kind(String stepId) {
    int dash = stepId.indexOf('-');
    return dash < 0 ? stepId : stepId.substring(0, dash);
  }

  /** Per kind of step, the medians of each part, in the order the steps first ran. */
  synchronized Map<String, Object> medians() {
    Map<String, Object> out = new LinkedHashMap<>();
    byKind.forEach(
        (kind, splits) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("beforeActMs", median(splits.stream().map(Split::beforeMs).toList()));
          m.put("actMs", median(splits.stream().map(Split::actMs).toList()));
          m.put("afterActMs", median(splits.stream().map(Split::afterMs).toList()));
          m.put("totalMs", median(splits.stream().map(Split::totalMs).toList()));
          out.put(kind, m);
        });
    return out;
  }

  private static double median(List<Double> values) {
    return PgScenario.round(EngineBench.median(new ArrayList<>(values)));
  }
}
