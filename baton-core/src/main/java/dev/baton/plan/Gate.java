package dev.baton.plan;

/** A pause for a human before a step, with the text they approve. */
public record Gate(Kind kind, String text) {

  /** How many people must approve. */
  public enum Kind {
    /** One approval, or {@code --yes}. */
    CONFIRM(1),
    /** Two approvals by different people; {@code --yes} does not pass it. */
    FOUR_EYES(2);

    private final int approvals;

    Kind(int approvals) {
      this.approvals = approvals;
    }

    public int approvals() {
      return approvals;
    }
  }

  public static Gate confirm(String text) {
    return new Gate(Kind.CONFIRM, text);
  }
}
