package dev.baton.app.output;

import dev.baton.engine.RunResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints how a run ended and turns it into the exit code. */
public final class Results {
  private Results() {}

  static int print(RunResult r, boolean json) {
    return print(r, json, System.out, LostEvents.NONE);
  }

  /**
   * As {@link #print(RunResult, boolean)}, to {@code out} (stderr when stdout carries events), and
   * says when events were lost.
   */
  public static int print(RunResult r, boolean json, java.io.PrintStream out, LostEvents lost) {
    int code = lost.exitCode(r.exitCode());
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run", r.runId());
      m.put("status", r.status().label());
      m.put("sentence", r.sentence());
      if (lost.count() > 0) {
        m.put("eventsLost", lost.count());
      }
      m.put("exitCode", code);
      out.println(Json.write(m));
    } else if (r.runId() == null) {
      // Nothing was started: a goal that already holds is not an error worth a second line.
      if (r.status() != dev.baton.engine.RunStatus.DONE) {
        System.err.println("baton: " + r.sentence());
      }
    } else {
      String next =
          switch (r.status()) {
            case HALTED ->
                "; inspect with `baton status "
                    + r.runId()
                    + "`, then `baton resume "
                    + r.runId()
                    + "` (or `baton approve` a waiting gate first)";
            case FAILED -> "; see `baton report " + r.runId() + "`";
            default -> "";
          };
      out.println("run " + r.runId() + " " + r.status().label() + next);
    }
    if (lost.count() > 0) {
      System.err.println(
          "baton: "
              + lost.after(
                  r.exitCode() == 0 ? "the run is done" : "the run is " + r.status().label(),
                  r.exitCode()));
    }
    return code;
  }
}
