package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * Forcing a server active without synchronising it first (seed 004, recover active server) can send
 * clients to an older data set, so this guard always refuses, and its sentence says which side
 * holds the newer data. Only the named override {@code recover-active}, with a reason, passes it;
 * the engine journals the override with that sentence.
 */
public record ForcedActivation(String target, String other) implements Guard {

  public static final String NAME = "recover-active";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String describe() {
    return "an operator chose to force " + target + " active without synchronising it";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(target, other);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    DataNewness t = DataNewness.of(facts, target);
    DataNewness o = DataNewness.of(facts, other);
    String verdict = DataNewness.compare(t, o);
    Optional<DataNewness> newer = DataNewness.newer(t, o);
    String risk =
        newer.isPresent() && newer.get().component().equals(other)
            ? "; forcing " + target + " active loses what only " + other + " holds"
            : "";
    return Optional.of(
        "forcing "
            + target
            + " active without synchronising needs --override "
            + NAME
            + "=REASON: "
            + verdict
            + risk);
  }
}
