package dev.baton.engine;

import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import java.util.List;
import java.util.Optional;

/**
 * Finds, before anything is sent, a step (or the undo of one) that a driver cannot carry out:
 * finding out at step 12 would leave the system half changed. The engine refuses such a plan and
 * {@code plan} says so.
 */
final class UnsupportedSteps {

  private UnsupportedSteps() {}

  /** The first step of {@code plan} whose action or undo {@code driver} cannot carry out. */
  static Optional<String> first(Driver driver, Topology t, Plan plan) {
    List<Step> steps = plan.steps();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      List<Action> actions = s.hasUndo() ? List.of(s.action(), s.undo()) : List.of(s.action());
      for (Action a : actions) {
        Optional<String> why = driver.unsupported(t, a);
        if (why.isPresent()) {
          return Optional.of(
              "step "
                  + (i + 1)
                  + " ("
                  + s.id()
                  + ") uses the verb "
                  + a.verb()
                  + (a == s.action() ? "" : " to undo it")
                  + " on "
                  + a.target()
                  + ", but "
                  + why.get());
        }
      }
    }
    return Optional.empty();
  }
}
