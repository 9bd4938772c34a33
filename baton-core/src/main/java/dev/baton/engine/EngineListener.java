package dev.baton.engine;

import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.time.Duration;

/**
 * Receives live progress from the engine (the CLI's checklist, the server's events, the event log).
 * Calls may come from step threads and from the lease's renewal thread, so an implementation that
 * keeps state synchronises it. Text arrives already redacted.
 */
public interface EngineListener {

  default void runStarted(String runId, Plan plan, boolean resumed) {}

  default void stepStarted(Step step) {}

  default void stepDecided(Step step, Decision decision, Duration took) {}

  default void runEnded(String runId, RunStatus status, String sentence) {}

  /** Every journal record of the run, after it was appended (gates, approvals, overrides, …). */
  default void recorded(JournalEvent event) {}

  /** The run now holds the system's lease (taken before a new run is created). */
  default void leaseTaken(String system) {}

  /** Another holder has the lease, so nothing was sent. */
  default void leaseRefused(String system, String why) {}

  /** The lease could not be renewed or went stale: the run stops issuing actions. */
  default void leaseLost(String system) {}

  /** The run released the lease. */
  default void leaseReleased(String system) {}

  EngineListener NONE = new EngineListener() {};

  /** A listener that tells {@code first}, then {@code second}. */
  static EngineListener both(EngineListener first, EngineListener second) {
    return new EngineListener() {
      @Override
      public void runStarted(String runId, Plan plan, boolean resumed) {
        first.runStarted(runId, plan, resumed);
        second.runStarted(runId, plan, resumed);
      }

      @Override
      public void stepStarted(Step step) {
        first.stepStarted(step);
        second.stepStarted(step);
      }

      @Override
      public void stepDecided(Step step, Decision decision, Duration took) {
        first.stepDecided(step, decision, took);
        second.stepDecided(step, decision, took);
      }

      @Override
      public void runEnded(String runId, RunStatus status, String sentence) {
        first.runEnded(runId, status, sentence);
        second.runEnded(runId, status, sentence);
      }

      @Override
      public void recorded(JournalEvent event) {
        first.recorded(event);
        second.recorded(event);
      }

      @Override
      public void leaseTaken(String system) {
        first.leaseTaken(system);
        second.leaseTaken(system);
      }

      @Override
      public void leaseRefused(String system, String why) {
        first.leaseRefused(system, why);
        second.leaseRefused(system, why);
      }

      @Override
      public void leaseLost(String system) {
        first.leaseLost(system);
        second.leaseLost(system);
      }

      @Override
      public void leaseReleased(String system) {
        first.leaseReleased(system);
        second.leaseReleased(system);
      }
    };
  }
}
