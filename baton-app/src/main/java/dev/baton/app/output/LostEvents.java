package dev.baton.app.output;

import dev.baton.app.events.EventLog;

/**
 * Events of {@code --events} that could not be written to {@code target}. What was running finishes
 * as it does (ADR 0017: losing the stream must not leave a step half-done), but a command that
 * would have exited 0 exits 1, so that a script learns the log is incomplete.
 */
public record LostEvents(int count, String target) {

  public static final LostEvents NONE = new LostEvents(0, "");

  /** What {@code log}, written to {@code target}, lost so far; none without a log. */
  public static LostEvents of(EventLog log, String target) {
    return log == null || log.lost() == 0 ? NONE : new LostEvents(log.lost(), target);
  }

  /** The command's exit code when what ran ended with {@code code}. */
  public int exitCode(int code) {
    return count > 0 && code == 0 ? 1 : code;
  }

  /** E.g. "the run is done, but 12 events could not be written to run.jsonl". */
  public String after(String ending, int code) {
    return ending
        + (code == 0 ? ", but " : ", and ")
        + count
        + (count == 1 ? " event" : " events")
        + " could not be written to "
        + Visible.text(target);
  }

  /** Says what was lost on stderr, if anything, and returns the command's exit code. */
  public int tell(String ending, int code) {
    if (count > 0) {
      System.err.println("baton: " + after(ending, code));
    }
    return exitCode(code);
  }
}
