package dev.baton.engine;

import dev.baton.facts.Facts;
import dev.baton.invariant.Invariant;
import dev.baton.model.Topology;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Everything one run needs while it executes; records go through here so they are redacted. */
record RunContext(
    String runId,
    Topology topology,
    Plan plan,
    List<Invariant> invariants,
    Driver driver,
    Journal journal,
    Lease lease,
    RunHistory history,
    EngineOptions options,
    EngineListener listener,
    Redactor redactor,
    Clock clock) {

  /** The idempotency key a driver tags this step's side effect with. */
  String actionKey(Step step) {
    return runId + "/" + step.id();
  }

  Facts observe(Scope scope, Collection<String> actionKeys) throws DriverException {
    return scope.isWhole()
        ? driver.observe(topology, actionKeys)
        : driver.observe(topology, scope, actionKeys);
  }

  JournalEvent record(
      String stepId, EventType type, Decision d, String evidence, Map<String, String> data) {
    Decision safe = d == null ? null : new Decision(d.kind(), redactor.redact(d.sentence()));
    Map<String, String> safeData = new java.util.HashMap<>();
    data.forEach((k, v) -> safeData.put(k, redactor.redact(v)));
    JournalEvent e =
        journal.append(
            JournalEvent.of(
                runId, stepId, type, safe, redactor.redact(evidence), clock.instant(), safeData));
    history.apply(e);
    listener.recorded(e);
    return e;
  }
}
