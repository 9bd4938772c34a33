package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A node's secret service names {@code master} as its master secret server ({@code <node>.master}),
 * so it can serve the secret when the cluster moves onto it (seed 003: promote before failing
 * over).
 */
public record MasterSecretServer(String node, String master) implements Guard {

  @Override
  public String name() {
    return "master-secret-server";
  }

  @Override
  public String describe() {
    return node + " takes " + master + " as its master secret server";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(node);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> actual = facts.property(Property.MASTER.of(node));
    if (actual.isPresent() && actual.get().equals(master)) {
      return Optional.empty();
    }
    return Optional.of(
        node
            + " takes "
            + actual.orElse("an unknown server")
            + " as its master secret server, not "
            + master);
  }
}
