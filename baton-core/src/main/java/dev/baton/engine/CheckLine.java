package dev.baton.engine;

import java.util.List;

/**
 * One finding of a driver's live check of a topology against the servers it names: what was checked
 * on which part, whether it holds, and how to fix it when it does not.
 *
 * <p>A {@link Cause#TOPOLOGY} problem means the topology contradicts the servers (a wrong data
 * directory, port, OS user or binary directory, members of two different systems): no run can do
 * the right thing with it, so {@code apply} refuses before step 1. A {@link Cause#STATE} problem is
 * about the system as it is now (a server stopped, a standby not streaming): the strategy's guards
 * judge those at the step that needs them, since some strategies exist for exactly that state.
 */
public record CheckLine(Level level, Cause cause, String subject, String finding, String fix) {

  /** How a finding stands. */
  public enum Level {
    OK,
    /** Holds for what Baton does now, but something later would need more (said in the fix). */
    WARN,
    PROBLEM
  }

  /** Whether a problem lies in the topology or in the system's present state. */
  public enum Cause {
    TOPOLOGY,
    STATE
  }

  public CheckLine {
    fix = fix == null ? "" : fix;
  }

  public static CheckLine ok(String subject, String finding) {
    return new CheckLine(Level.OK, Cause.STATE, subject, finding, "");
  }

  public static CheckLine warn(String subject, String finding, String fix) {
    return new CheckLine(Level.WARN, Cause.STATE, subject, finding, fix);
  }

  /** A problem in the topology: it names something the servers contradict. */
  public static CheckLine wrong(String subject, String finding, String fix) {
    return new CheckLine(Level.PROBLEM, Cause.TOPOLOGY, subject, finding, fix);
  }

  /** A problem with the system's present state. */
  public static CheckLine problem(String subject, String finding, String fix) {
    return new CheckLine(Level.PROBLEM, Cause.STATE, subject, finding, fix);
  }

  public boolean isProblem() {
    return level == Level.PROBLEM;
  }

  /** One line: level, subject, finding and, when there is one, the fix. */
  @Override
  public String toString() {
    String head = String.format("%-8s %-10s %s", level.name().toLowerCase(), subject, finding);
    return fix.isEmpty() ? head : head + "; fix: " + fix;
  }

  /** The problems that make a topology unusable for any run. */
  public static List<CheckLine> topologyProblems(List<CheckLine> lines) {
    return lines.stream().filter(l -> l.isProblem() && l.cause() == Cause.TOPOLOGY).toList();
  }
}
