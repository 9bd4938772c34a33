package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.model.Topology;
import dev.baton.plan.Condition;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;

/** A replication link is removed only while it is synced, so nothing in flight is left behind. */
public record LinkSynced(String link) implements Guard {

  @Override
  public String name() {
    return "link-synced";
  }

  @Override
  public String describe() {
    return "replication " + link + " is synced, so splitting loses nothing in flight";
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(link);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    return new Condition.LinkIs(link, LinkState.SYNCED)
        .unmet(facts)
        .map(why -> why + "; wait until replication catches up before splitting");
  }
}
