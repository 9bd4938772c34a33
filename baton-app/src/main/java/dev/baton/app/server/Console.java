package dev.baton.app.server;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.Session;
import dev.baton.engine.Engine;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import dev.baton.plan.Outline;
import dev.baton.topology.BadInputException;
import java.time.Clock;

/** The parts every route of the console shares, made once by {@link ConsoleServer}. */
record Console(
    ConsoleConfig config,
    Tokens tokens,
    Session session,
    Systems systems,
    Observations observations,
    Redactors redactors,
    JournalFeed feed,
    RunLauncher launcher,
    RunViews views,
    Clock clock) {

  RunRecord run(String runId) {
    return session
        .journal()
        .run(runId)
        .orElseThrow(() -> ApiError.notFound("no run " + runId + " in the journal"));
  }

  /**
   * The outline journaled when the run started, as {@code Session.outline} reads it; older runs
   * have their plan rebuilt without redacting this process's output, which serves many runs.
   */
  Outline outline(RunRecord run) throws UsageException, BadInputException {
    for (JournalEvent e : session.journal().events(run.runId())) {
      if (e.type() == EventType.RUN_STARTED && e.data().containsKey(Engine.OUTLINE)) {
        return Outline.fromJson(e.data().get(Engine.OUTLINE));
      }
    }
    return Outline.of(Session.replan(run).plan());
  }
}
