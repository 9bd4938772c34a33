package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import java.time.Duration;
import java.util.Optional;

/**
 * The pause budget is shorter than the pooler's {@code query_wait_timeout}: past that timeout the
 * pooler fails the clients it holds, so a budget that reaches it would turn a wait into errors.
 */
public record PauseBudgetFits(String entryPoint, Duration budget) implements Guard {

  @Override
  public String name() {
    return "pause-budget";
  }

  @Override
  public String describe() {
    return "the pause budget of "
        + budget.toMillis()
        + " ms is shorter than "
        + entryPoint
        + "'s query_wait_timeout";
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> timeout = facts.property(Property.QUERY_WAIT_TIMEOUT_MS.of(entryPoint));
    if (timeout.isEmpty()) {
      return Optional.of("the query_wait_timeout of " + entryPoint + " is unknown");
    }
    long ms = Long.parseLong(timeout.get());
    if (ms == 0 || budget.toMillis() < ms) {
      return Optional.empty();
    }
    return Optional.of(
        "the pause budget of "
            + budget.toMillis()
            + " ms is not shorter than "
            + entryPoint
            + "'s query_wait_timeout of "
            + ms
            + " ms, so held clients would fail before the budget runs out;"
            + " lower pauseBudgetMs or raise query_wait_timeout");
  }
}
