package dev.baton.engine;

/**
 * What the engine decided for a step, as a kind and a sentence. The journal, the CLI, reports and
 * tests all show this same sentence.
 */
public record Decision(Kind kind, String sentence) {

  /** The closed set of outcomes of a step. */
  public enum Kind {
    /** The action ran and its verification held. */
    DONE,
    /** The goal already held, so nothing ran. */
    ALREADY,
    /** A guard or invariant refused; the run halted in a safe state. */
    REFUSED,
    /** A gate waits for approval. */
    WAITING,
    /** The action or its verification failed. */
    FAILED,
    /** The step's undo ran during an abort. */
    UNDONE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the step is finished and the run may move past it. */
    public boolean completes() {
      return this == DONE || this == ALREADY;
    }
  }

  public static Decision done(String s) {
    return new Decision(Kind.DONE, s);
  }

  public static Decision already(String s) {
    return new Decision(Kind.ALREADY, s);
  }

  public static Decision refused(String s) {
    return new Decision(Kind.REFUSED, s);
  }

  public static Decision waiting(String s) {
    return new Decision(Kind.WAITING, s);
  }

  public static Decision failed(String s) {
    return new Decision(Kind.FAILED, s);
  }

  @Override
  public String toString() {
    return kind.label() + ": " + sentence;
  }
}
