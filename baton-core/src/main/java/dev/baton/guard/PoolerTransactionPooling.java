package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import java.util.Optional;

/**
 * A pooler hands out server connections per transaction (or per statement), so that holding its
 * clients waits only for the transactions that run. In session pooling a pause waits for every
 * client to disconnect, which a busy application never does, so the hold would always run out.
 */
public record PoolerTransactionPooling(String entryPoint) implements Guard {

  @Override
  public String name() {
    return "pooler-transaction-pooling";
  }

  @Override
  public String describe() {
    return entryPoint + " pools per transaction (pool_mode = transaction)";
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> mode = facts.property(Property.POOL_MODE.of(entryPoint));
    if (mode.isEmpty()) {
      return Optional.of(
          "the pool mode of "
              + entryPoint
              + " is unknown"
              + facts
                  .property(Property.UNREACHABLE.of(entryPoint))
                  .map(why -> " (the pooler cannot be reached: " + why + ")")
                  .orElse(""));
    }
    if (mode.get().equals("transaction") || mode.get().equals("statement")) {
      return Optional.empty();
    }
    return Optional.of(
        entryPoint
            + " pools by "
            + mode.get()
            + ", so holding its clients would wait for every one of them to disconnect;"
            + " set pool_mode = transaction for its database");
  }
}
