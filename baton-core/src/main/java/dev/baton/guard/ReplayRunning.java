package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/**
 * A standby is replaying what it receives. A standby whose replay is paused falls further behind
 * with every write, so a switchover onto it would wait or lose data. Drivers that cannot pause
 * replay report nothing, and the guard passes.
 */
public record ReplayRunning(String standby) implements Guard {

  @Override
  public String name() {
    return "replay-running";
  }

  @Override
  public String describe() {
    return standby + " is replaying WAL (not paused)";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(standby);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    return facts
        .property(Property.REPLAY_PAUSED.of(standby))
        .filter("true"::equals)
        .map(
            p ->
                "standby "
                    + standby
                    + " has WAL replay paused, so it falls behind with every write");
  }
}
