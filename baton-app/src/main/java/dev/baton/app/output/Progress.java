package dev.baton.app.output;

import dev.baton.engine.Decision;
import dev.baton.engine.EngineListener;
import dev.baton.engine.RunStatus;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live progress of a run. On a terminal the checklist is redrawn in place as steps move; otherwise
 * each decision is one plain line, so logs and pipes stay readable.
 */
public final class Progress implements EngineListener {

  private final PrintStream out;
  private final boolean tty;
  private final Map<String, String> marks = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();
  // A line wider than the terminal wraps, and the redraw would then move up too few lines.
  private final int width = terminalWidth();
  private List<Step> steps = List.of();
  private int drawn;

  Progress(PrintStream out, boolean tty) {
    this.out = out;
    this.tty = tty;
  }

  public static Progress forConsole(PrintStream out) {
    boolean tty =
        System.console() != null
            && System.getenv("TERM") != null
            && !"dumb".equals(System.getenv("TERM"));
    return new Progress(out, tty);
  }

  @Override
  public synchronized void runStarted(String runId, Plan plan, boolean resumed) {
    steps = plan.steps();
    steps.forEach(s -> marks.put(s.id(), " "));
    out.println(
        (resumed ? "Resuming run " : "Run ")
            + runId
            + ": "
            + plan.strategy()
            + " of "
            + plan.system()
            + " ("
            + steps.size()
            + " steps)");
    redraw();
  }

  @Override
  public synchronized void stepStarted(Step step) {
    marks.put(step.id(), ">");
    if (tty) {
      redraw();
    }
  }

  @Override
  public synchronized void stepDecided(Step step, Decision d, Duration took) {
    marks.put(step.id(), mark(d.kind()));
    notes.put(step.id(), d.kind().label() + ": " + d.sentence() + " (" + took.toMillis() + " ms)");
    if (tty) {
      redraw();
    } else {
      out.printf(
          "[%2d/%d] %-32s %s%n", index(step) + 1, steps.size(), step.id(), notes.get(step.id()));
    }
  }

  @Override
  public synchronized void runEnded(String runId, RunStatus status, String sentence) {
    out.println(status.label().toUpperCase(java.util.Locale.ROOT) + ": " + sentence);
  }

  private int index(Step step) {
    return steps.indexOf(step);
  }

  private static int terminalWidth() {
    try {
      return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120")));
    } catch (NumberFormatException e) {
      return 120;
    }
  }

  private static String mark(Decision.Kind k) {
    return switch (k) {
      case DONE -> "x";
      case ALREADY -> "=";
      case UNDONE -> "u";
      case WAITING -> "?";
      case REFUSED, FAILED -> "!";
    };
  }

  private void redraw() {
    if (!tty) {
      return;
    }
    StringBuilder b = new StringBuilder();
    if (drawn > 0) {
      b.append("\033[").append(drawn).append('F');
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      String note = notes.getOrDefault(s.id(), "");
      lines.add(String.format("%2d. [%s] %-48s %s", i + 1, marks.get(s.id()), s.title(), note));
    }
    for (String l : lines) {
      b.append("\033[2K").append(l, 0, Math.min(l.length(), width - 1)).append('\n');
    }
    drawn = lines.size();
    out.print(b);
    out.flush();
  }
}
