package dev.baton.plan;

import java.util.List;
import java.util.Objects;

/**
 * One ensure: a goal on facts, the action that reaches it, the guards checked first, the
 * verification after, an optional undo and gate, and whether it is a point of no return. Steps
 * sharing a {@code parallelGroup} within a phase may run at the same time, at most {@code
 * maxParallel} at once.
 */
public record Step(
    String id,
    String title,
    Action action,
    Condition goal,
    List<Guard> guards,
    Condition verify,
    Action undo,
    Gate gate,
    boolean pointOfNoReturn,
    boolean destructive,
    String parallelGroup,
    int maxParallel,
    String source) {

  public Step {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    guards = List.copyOf(guards);
    goal = goal == null ? new Condition.Never() : goal;
    verify = verify == null ? new Condition.Always() : verify;
  }

  public static Builder builder(String id, String title, Action action) {
    return new Builder(id, title, action);
  }

  /** A builder holding every field of this step, to make a step that differs in a few. */
  public Builder toBuilder() {
    Builder b = new Builder(id, title, action);
    b.goal = goal;
    b.guards = guards;
    b.verify = verify;
    b.undo = undo;
    b.gate = gate;
    b.pointOfNoReturn = pointOfNoReturn;
    b.destructive = destructive;
    b.parallelGroup = parallelGroup;
    b.maxParallel = maxParallel;
    b.source = source;
    return b;
  }

  public boolean hasUndo() {
    return undo != null;
  }

  /** Fluent construction for strategies: only id, title and action are required. */
  public static final class Builder {
    private final String id;
    private final String title;
    private final Action action;
    private Condition goal = new Condition.Never();
    private List<Guard> guards = List.of();
    private Condition verify = new Condition.Always();
    private Action undo;
    private Gate gate;
    private boolean pointOfNoReturn;
    private boolean destructive;
    private String parallelGroup;
    private int maxParallel = 1;
    private String source = "";

    private Builder(String id, String title, Action action) {
      this.id = id;
      this.title = title;
      this.action = action;
    }

    public Builder goal(Condition c) {
      this.goal = c;
      return this;
    }

    public Builder guards(Guard... gs) {
      this.guards = List.of(gs);
      return this;
    }

    public Builder guards(List<Guard> gs) {
      this.guards = List.copyOf(gs);
      return this;
    }

    public Builder verify(Condition c) {
      this.verify = c;
      return this;
    }

    public Builder undo(Action a) {
      this.undo = a;
      return this;
    }

    public Builder gate(Gate g) {
      this.gate = g;
      return this;
    }

    public Builder pointOfNoReturn() {
      this.pointOfNoReturn = true;
      return this;
    }

    /** The step changes data so that only a backup can bring it back. */
    public Builder destructive() {
      this.destructive = true;
      return this;
    }

    public Builder destructive(boolean destructive) {
      this.destructive = destructive;
      return this;
    }

    public Builder parallel(String group, int max) {
      this.parallelGroup = group;
      this.maxParallel = max;
      return this;
    }

    /** Where the step comes from, e.g. {@code seed 001 step 2}. */
    public Builder source(String s) {
      this.source = s;
      return this;
    }

    public Step build() {
      return new Step(
          id,
          title,
          action,
          goal,
          guards,
          verify,
          undo,
          gate,
          pointOfNoReturn,
          destructive,
          parallelGroup,
          maxParallel,
          source);
    }
  }
}
