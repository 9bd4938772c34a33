package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.events.EngineEvents;
import dev.baton.app.events.EventLog;
import dev.baton.app.output.LostEvents;
import dev.baton.app.output.Progress;
import dev.baton.app.wiring.Secrets;
import dev.baton.engine.EngineListener;
import dev.baton.model.Topology;
import java.io.IOException;
import java.io.PrintStream;

/**
 * What listens to a run from the CLI: the live checklist (unless the output is JSON) and the event
 * log of {@code --events}. When the events go to stdout, stdout carries nothing else: the checklist
 * is off and the result line goes to stderr.
 */
final class RunListeners implements AutoCloseable {

  private final EventLog events;
  private final EngineListener listener;
  private final boolean eventsOnStdout;

  private RunListeners(EventLog events, EngineListener listener, boolean eventsOnStdout) {
    this.events = events;
    this.listener = listener;
    this.eventsOnStdout = eventsOnStdout;
  }

  static RunListeners open(RunOptions run, boolean json, Topology t) throws UsageException {
    boolean eventsOnStdout = EventLog.STDOUT.equals(run.events);
    EngineListener progress =
        json || eventsOnStdout ? EngineListener.NONE : Progress.forConsole(System.out);
    if (run.events == null) {
      return new RunListeners(null, progress, false);
    }
    EventLog log;
    try {
      log = EventLog.open(run.events, Secrets.redactorFor(t));
    } catch (IOException e) {
      throw new UsageException("--events " + run.events + ": cannot write: " + e.getMessage());
    }
    return new RunListeners(
        log, EngineListener.both(progress, new EngineEvents(log, t.system())), eventsOnStdout);
  }

  /** The events that could not be written, so far. */
  LostEvents lostEvents(RunOptions run) {
    return LostEvents.of(events, run.events);
  }

  EngineListener listener() {
    return listener;
  }

  /** Where the result line goes. */
  PrintStream resultOut() {
    return eventsOnStdout ? System.err : System.out;
  }

  @Override
  public void close() {
    if (events != null) {
      events.close();
    }
  }
}
