package dev.baton.app.server;

import dev.baton.engine.EventType;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.plan.Gate;
import dev.baton.plan.Outline;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Journals a person's approval of a gate, as {@code baton approve} does: the same person cannot
 * approve a step twice, so a four-eyes gate passes only with two different people.
 */
final class Approvals {
  private Approvals() {}

  /** What an approval did: who, how many distinct approvals the step has now, of how many. */
  record Approved(String step, String by, String gate, int approvals, int needs) {
    boolean passes() {
      return approvals >= needs;
    }
  }

  static synchronized Approved approve(
      Journal journal, RunRecord run, Outline outline, String stepOrNull, Person who, Clock clock) {
    RunScan scan = RunScan.of(run.status(), journal.events(run.runId()));
    String target = stepOrNull != null ? stepOrNull : scan.waitingStep();
    if (target == null) {
      throw ApiError.conflict(
          "run " + run.runId() + " is not waiting at a gate; name the step to approve");
    }
    Gate gate =
        outline
            .step(target)
            .orElseThrow(() -> ApiError.notFound("run " + run.runId() + " has no step " + target))
            .gated()
            .orElseThrow(() -> ApiError.conflict("step " + target + " has no gate to approve"));
    Set<String> before = scan.approversOf(target);
    if (before.contains(who.name())) {
      throw ApiError.conflict(
          who.name() + " already approved " + target + "; a second approver is needed");
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put("by", who.name());
    data.put("gate", gate.text());
    journal.append(
        JournalEvent.of(run.runId(), target, EventType.APPROVED, null, "", clock.instant(), data));
    return new Approved(
        target, who.name(), gate.text(), before.size() + 1, gate.kind().approvals());
  }
}
