package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.HomeUse;
import dev.baton.app.wiring.Session;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.plan.Gate;
import dev.baton.plan.Outline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton approve}: journals an approval of the gate a run waits at. */
@Command(
    mixinStandardHelpOptions = true,
    name = "approve",
    description = {
      "Approve the gate a run is waiting at (or the gate of --step). A four-eyes gate",
      "needs two different approvers. Then continue with `baton resume RUN`."
    },
    footer = {"", "Example:", "  baton approve r-20261121-231500-a1b2 --by alice"})
public final class ApproveCommand implements Callable<Integer> {

  @Mixin Common common;

  @Parameters(
      index = "0",
      paramLabel = "RUN",
      description = "The run id.",
      converter = OneLine.class)
  String runId;

  @Option(
      names = "--step",
      paramLabel = "ID",
      description = "The gated step. Default: the one waiting.",
      converter = OneLine.class)
  String stepId;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "Who approves. Default: $USER",
      converter = OneLine.class)
  String by;

  @Override
  public Integer call() throws Exception {
    try (Session session = Session.open(common.resolveHome(), HomeUse.UPDATE)) {
      Outline outline = session.outline(runId);
      List<JournalEvent> events = session.journal().events(runId);
      String target = stepId != null ? stepId : waitingStep(events);
      Gate gate =
          outline
              .step(target)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "run " + runId + " has no step " + target + gated(outline)))
              .gated()
              .orElseThrow(
                  () ->
                      new UsageException(
                          "step " + target + " has no gate to approve" + gated(outline)));
      String who =
          by != null
              ? by
              : OneLine.check(
                  "--by (default: $USER)", System.getenv().getOrDefault("USER", "operator"));
      boolean again =
          events.stream()
              .anyMatch(
                  e ->
                      e.type() == EventType.APPROVED
                          && e.stepId().equals(target)
                          && who.equals(e.data().get("by")));
      if (again) {
        throw new UsageException(
            who + " already approved " + target + "; a second approver is needed");
      }
      session
          .journal()
          .append(
              JournalEvent.of(
                  runId,
                  target,
                  EventType.APPROVED,
                  null,
                  "",
                  Instant.now(),
                  Map.of("by", who, "gate", gate.text())));
      System.out.println("approved " + target + " by " + who + ": " + gate.text());
      System.out.println("continue with: baton resume " + runId);
      return 0;
    }
  }

  /** The steps of the run that have a gate, for a sentence that refuses another. */
  private static String gated(Outline outline) {
    List<String> ids =
        outline.steps().stream().filter(s -> s.gated().isPresent()).map(Outline.Item::id).toList();
    return ids.isEmpty() ? "; it has no gates" : "; its gated steps: " + String.join(", ", ids);
  }

  private String waitingStep(List<JournalEvent> events) throws UsageException {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).type() == EventType.GATE_WAITING) {
        return events.get(i).stepId();
      }
    }
    throw new UsageException("run " + runId + " is not waiting at a gate; name one with --step");
  }
}
