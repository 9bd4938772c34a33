package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A clustered resource is offline ({@code <resource>.cluster-state=offline}), so its nodes can be
 * changed one at a time without the cluster moving the service onto a node mid-upgrade (seed 003).
 */
public record Unclustered(String resource) implements Guard {

  @Override
  public String name() {
    return "unclustered";
  }

  @Override
  public String describe() {
    return "cluster resource " + resource + " is offline";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(resource);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    Optional<String> state = facts.property(Property.CLUSTER_STATE.of(resource));
    if (state.isPresent() && state.get().equals("offline")) {
      return Optional.empty();
    }
    return Optional.of(
        "cluster resource "
            + resource
            + " is "
            + state.orElse("in an unknown state")
            + "; uncluster before upgrading a node");
  }
}
