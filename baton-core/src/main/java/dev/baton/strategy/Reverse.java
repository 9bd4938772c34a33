package dev.baton.strategy;

import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How replication is reversed after a role change (seed 004): {@code auto} rejoins the old primary
 * as a standby at once; {@code manual} leaves it stopped and fenced, so a human can look at it
 * before anything overwrites it, and says how to rejoin it later.
 */
enum Reverse {
  AUTO {
    @Override
    List<Step> finish(List<Step> switchover, Component old, String source) {
      return switchover;
    }
  },
  MANUAL {
    @Override
    List<Step> finish(List<Step> switchover, Component old, String source) {
      List<Step> out = new ArrayList<>();
      for (Step s : switchover) {
        if (s.action().verb() != Verb.REJOIN) {
          out.add(s);
        }
      }
      out.add(
          Step.builder(
                  "keep-fenced-" + old.name(),
                  "Leave " + old.name() + " stopped and fenced (reverse replication is manual)",
                  Action.check(old.name()))
              .verify(new Condition.ServiceIs(old.name(), ServiceState.STOPPED))
              .source(source)
              .build());
      return out;
    }
  };

  /** The switchover's steps with this mode's ending. */
  abstract List<Step> finish(List<Step> switchover, Component old, String source);

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Reverse parse(String s) throws PlanningException {
    for (Reverse r : values()) {
      if (r.label().equals(s)) {
        return r;
      }
    }
    throw new PlanningException("reverse must be auto or manual, not '" + s + "'");
  }
}
