package dev.baton.app.cli;

import dev.baton.app.UsageException;
import dev.baton.app.output.Visible;
import dev.baton.plan.GatePolicy;
import dev.baton.plan.Goal;
import dev.baton.strategy.Strategy;
import dev.baton.strategy.StrategyOption;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks {@code --set NAME=VALUE} against the options a strategy declares, so a mistyped name or
 * value is refused with what the strategy knows instead of being ignored or failing mid-plan.
 */
public final class StrategyOptions {
  private StrategyOptions() {}

  /** {@code set} when every name is declared and every value fits; else a sentence saying why. */
  public static Map<String, String> checked(Strategy s, Map<String, String> set)
      throws UsageException {
    for (Map.Entry<String, String> e : set.entrySet()) {
      if (e.getKey().equals(GatePolicy.OPTION)) {
        // The gate policy is every strategy's: it changes the plan's gates, not its steps.
        checkGates(e.getValue());
        continue;
      }
      StrategyOption o = declared(s, e.getKey()).orElseThrow(() -> unknown(s, e.getKey()));
      Optional<String> problem = o.problem(e.getValue());
      if (problem.isPresent()) {
        throw new UsageException(
            "--set " + o.name() + "=" + Visible.text(e.getValue()) + ": " + problem.get());
      }
    }
    return set;
  }

  private static void checkGates(String value) throws UsageException {
    try {
      GatePolicy.of(new Goal(null, Map.of(GatePolicy.OPTION, value)));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--set " + Visible.text(e.getMessage()));
    }
  }

  private static Optional<StrategyOption> declared(Strategy s, String name) {
    return s.options().stream().filter(o -> o.name().equals(name)).findFirst();
  }

  private static UsageException unknown(Strategy s, String name) {
    String known =
        s.options().isEmpty()
            ? "takes no options"
            : "knows: " + s.options().stream().map(StrategyOption::name).collect(joining());
    return new UsageException(
        "--set " + Visible.text(name) + ": strategy " + s.name() + " " + known);
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }
}
