package dev.baton.engine;

import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.time.Duration;

/** Receives live progress from the engine (the CLI's checklist, the server's events). */
public interface EngineListener {

  default void runStarted(String runId, Plan plan, boolean resumed) {}

  default void stepStarted(Step step) {}

  default void stepDecided(Step step, Decision decision, Duration took) {}

  default void runEnded(String runId, RunStatus status, String sentence) {}

  EngineListener NONE = new EngineListener() {};
}
