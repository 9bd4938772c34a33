package dev.baton.strategy;

import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Phase;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Raises {@code wal_level} to {@code logical} without an outage clients notice (ADR 0040): set it
 * on both members, restart the standby so that it runs with it, and switch over onto the standby;
 * the old primary runs with it when it rejoins. The copy is then made of the new primary.
 */
final class WalLevelSteps {
  private WalLevelSteps() {}

  static final String SUFFIX = "-wal";

  static Phase phase(Topology t, RoleModel m, Component primary, Component standby, long maxLag)
      throws PlanningException {
    ReplicationLink link =
        new dev.baton.roles.ActivePair(primary, standby)
            .link(t)
            .orElseThrow(
                () ->
                    new PlanningException(
                        "no replication link joins "
                            + primary.name()
                            + " and "
                            + standby.name()
                            + ", so wal_level cannot be raised through a switchover"));
    String source = MajorUpgradeStrategy.SOURCE;
    List<Step> steps = new ArrayList<>();
    for (Component c : List.of(primary, standby)) {
      steps.add(
          Step.builder(
                  "configure-" + c.name() + SUFFIX,
                  "Set wal_level = logical on " + c.name() + " (it applies at its next start)",
                  Action.idempotent(
                      Verb.CONFIGURE, c.name(), Map.of("setting", "wal_level", "value", "logical")))
              .source(source)
              .build());
    }
    Condition logical = new Condition.PropertyIs(Property.WAL_LEVEL.of(standby.name()), "logical");
    Condition running = new Condition.ServiceIs(standby.name(), ServiceState.RUNNING);
    steps.add(
        Step.builder(
                "stop-" + standby.name() + SUFFIX,
                "Stop the standby " + standby.name() + " to restart it with wal_level = logical",
                Action.idempotent(Verb.STOP, standby.name(), Map.of()))
            .goal(
                new Condition.AnyOf(
                    List.of(
                        logical, new Condition.ServiceIs(standby.name(), ServiceState.STOPPED))))
            .verify(new Condition.ServiceIs(standby.name(), ServiceState.STOPPED))
            .source(source)
            .build());
    steps.add(
        Step.builder(
                "start-" + standby.name() + SUFFIX,
                "Start " + standby.name() + " again, with wal_level = logical",
                Action.idempotent(Verb.START, standby.name(), Map.of()))
            .goal(Condition.all(running, logical))
            .verify(Condition.all(running, logical))
            .source(source)
            .build());
    steps.addAll(SwitchoverSteps.of(t, m, primary, standby, link.key(), maxLag, SUFFIX, source));
    return new Phase(
        "raise wal_level", steps, SwitchoverSteps.holds(t, m, primary, standby, SUFFIX, source));
  }
}
