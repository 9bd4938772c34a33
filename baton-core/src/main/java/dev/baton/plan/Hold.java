package dev.baton.plan;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A stretch of a plan during which an entry point holds its clients (they wait, they do not fail):
 * from the step that holds them to the one that releases them. The {@code commitStep} (the promote)
 * must be done within {@code budget} of the hold's intent; until it is, a step that does not
 * complete, or the budget running out before the next step, makes the engine run the {@code
 * rollback} steps (start the old primary again, release the clients onto it) and halt. Once the
 * commit step is done the only way is forward, to the release.
 */
public record Hold(
    String entryPoint,
    String holdStep,
    String commitStep,
    String releaseStep,
    Duration budget,
    List<Step> rollback) {

  public Hold {
    Objects.requireNonNull(entryPoint, "entryPoint");
    Objects.requireNonNull(holdStep, "holdStep");
    Objects.requireNonNull(commitStep, "commitStep");
    Objects.requireNonNull(releaseStep, "releaseStep");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("the pause budget of " + entryPoint + " must be positive");
    }
    rollback = List.copyOf(rollback);
  }

  /** The sentence the checklist shows above the rollback steps. */
  public String describe() {
    return "if "
        + commitStep
        + " is not done within "
        + budget.toMillis()
        + " ms of "
        + holdStep
        + ", or a step between them does not complete: roll back and halt";
  }
}
