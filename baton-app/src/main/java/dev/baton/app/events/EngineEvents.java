package dev.baton.app.events;

import dev.baton.engine.Decision;
import dev.baton.engine.EngineListener;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the engine's progress and journal records into {@link EventLog} events for one system. The
 * run id is learnt from the first record, so lease events before it carry only the system.
 */
public final class EngineEvents implements EngineListener {

  private final EventLog log;
  private final String system;
  private volatile String run;
  private volatile Map<String, String> startData = Map.of();

  public EngineEvents(EventLog log, String system) {
    this.log = log;
    this.system = system;
  }

  @Override
  public void runStarted(String runId, Plan plan, boolean resumed) {
    run = runId;
    Map<String, Object> f = base(null);
    f.put("strategy", plan.strategy());
    f.put("steps", plan.steps().size());
    f.put("fingerprint", plan.fingerprint());
    if (plan.goal().targetVersion() != null) {
      f.put("to", plan.goal().targetVersion().text());
    }
    startData.forEach(f::putIfAbsent);
    log.emit(resumed ? "run.resumed" : "run.started", f);
  }

  @Override
  public void stepStarted(Step step) {
    Map<String, Object> f = base(step.id());
    f.put("title", step.title());
    f.put("action", step.action().toString());
    log.emit("step.started", f);
  }

  @Override
  public void stepDecided(Step step, Decision d, Duration took) {
    Map<String, Object> f = base(step.id());
    f.put("decision", d.kind().label());
    f.put("sentence", d.sentence());
    f.put("ms", took.toMillis());
    log.emit("step.decided", f);
  }

  @Override
  public void recorded(JournalEvent e) {
    run = e.runId();
    String type =
        switch (e.type()) {
          case RUN_STARTED, RESUMED -> {
            startData = e.data();
            yield null;
          }
          case INTENT -> "step.acting";
          case UNDO_INTENT -> "undo.acting";
          case GATE_WAITING -> "gate.waiting";
          case APPROVED -> "gate.approved";
          case OVERRIDE -> "override.used";
          case HALTED -> "run.halted";
          case RUN_ENDED -> ended(e.data().get("status"));
            // Outcomes reach the log as step.decided, with the time the step took.
          case OUTCOME, UNDO_OUTCOME -> null;
        };
    if (type == null) {
      return;
    }
    Map<String, Object> f = base(e.stepId().isEmpty() ? null : e.stepId());
    if (e.decision() != null) {
      f.put("sentence", e.decision().sentence());
    }
    f.putAll(e.data());
    log.emit(type, f);
  }

  private static String ended(String status) {
    if (RunStatus.DONE.label().equals(status)) {
      return "run.done";
    }
    return RunStatus.ABORTED.label().equals(status) ? "run.aborted" : "run.halted";
  }

  @Override
  public void leaseTaken(String system) {
    log.emit("lease.taken", base(null));
  }

  @Override
  public void leaseRefused(String system, String why) {
    Map<String, Object> f = base(null);
    f.put("reason", why);
    log.emit("lease.refused", f);
  }

  @Override
  public void leaseLost(String system) {
    log.emit("lease.lost", base(null));
  }

  @Override
  public void leaseReleased(String system) {
    log.emit("lease.released", base(null));
  }

  private Map<String, Object> base(String step) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("system", system);
    if (run != null) {
      f.put("run", run);
    }
    if (step != null) {
      f.put("step", step);
    }
    return f;
  }
}
