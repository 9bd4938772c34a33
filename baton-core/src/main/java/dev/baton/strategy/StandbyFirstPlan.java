package dev.baton.strategy;

import dev.baton.facts.LinkState;
import dev.baton.guard.HasRole;
import dev.baton.guard.ReplayRunning;
import dev.baton.guard.SameMajor;
import dev.baton.guard.StandbySynced;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Step;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The takeover order for databases whose standbys must run the newer minor version first
 * (PostgreSQL): upgrade the standby, switch over onto it, rejoin and upgrade the old primary, and
 * optionally switch back. One switchover, so one short write gap.
 */
final class StandbyFirstPlan {
  private StandbyFirstPlan() {}

  static final String SOURCE = "PostgreSQL minor upgrade: standbys first";

  static List<Phase> phases(Topology t, RoleModel m, Pair p, Goal goal) {
    Component a = p.active();
    Component b = p.standby();
    Version to = goal.targetVersion();
    String link = p.link().key();
    long maxLag = Long.parseLong(goal.options().getOrDefault("maxLagBytes", "1048576"));
    List<Phase> phases = new ArrayList<>();
    phases.add(
        new Phase(
            "preflight",
            List.of(
                Step.builder(
                        "preflight",
                        "Check the pair is ready: roles, replication, versions",
                        Action.check(b.name()))
                    .guards(
                        EntryPointSteps.withPoolerRules(
                            t,
                            a,
                            b,
                            new HasRole(a.name(), m.activeRole()),
                            new HasRole(b.name(), m.passiveRole()),
                            new StandbySynced(link, b.name(), maxLag),
                            new ReplayRunning(b.name()),
                            new SameMajor(a.name(), b.name())))
                    .source(SOURCE)
                    .build())));
    phases.add(
        new Phase(
            "back up",
            List.of(
                Steps.backup(a, to, SOURCE + " (a verified backup before the point of no return)"),
                Steps.backup(
                    b, to, SOURCE + " (a verified backup before the point of no return)"))));
    phases.add(
        new Phase(
            "upgrade the standby",
            List.of(
                Steps.install(b, to, SOURCE)
                    .guards(
                        new HasRole(b.name(), m.passiveRole()),
                        new dev.baton.guard.BackupExists(b.name()))
                    .build(),
                caughtUp(b, link))));
    phases.add(
        new Phase(
            "switch over",
            SwitchoverSteps.of(t, m, a, b, link, maxLag, "", SOURCE),
            SwitchoverSteps.holds(t, m, a, b, "", SOURCE)));
    phases.add(
        new Phase(
            "upgrade the old primary",
            List.of(
                Steps.install(a, to, SOURCE)
                    .guards(
                        new HasRole(a.name(), m.passiveRole()),
                        new dev.baton.guard.BackupExists(a.name()))
                    .build(),
                caughtUp(a, link))));
    boolean back = goal.option("switchBack");
    if (back) {
      phases.add(
          new Phase(
              "switch back",
              SwitchoverSteps.of(t, m, b, a, link, maxLag, "-back", SOURCE),
              SwitchoverSteps.holds(t, m, b, a, "-back", SOURCE)));
    }
    Component primary = back ? a : b;
    Component standby = back ? b : a;
    phases.add(
        new Phase(
            "verify",
            List.of(
                Step.builder(
                        "verify-upgrade",
                        "Verify both servers at " + to + ", " + primary.name() + " primary",
                        Action.check(primary.name()))
                    .verify(
                        Condition.all(
                            new Condition.VersionIs(a.name(), to),
                            new Condition.VersionIs(b.name(), to),
                            new Condition.RoleIs(primary.name(), m.activeRole()),
                            new Condition.RoleIs(standby.name(), m.passiveRole()),
                            new Condition.LinkIs(link, LinkState.SYNCED)))
                    .source(SOURCE)
                    .build())));
    return phases;
  }

  static List<String> notes(Pair p, Goal goal) {
    return List.of(
        p.standby().name()
            + " is upgraded first and takes over; "
            + p.active().name()
            + " rejoins as its standby and is upgraded"
            + (goal.option("switchBack") ? ", then takes back over" : ""));
  }

  private static Step caughtUp(Component c, String link) {
    return Step.builder(
            "caught-up-" + c.name(),
            "Wait until " + c.name() + " streams and has caught up",
            Action.check(c.name()))
        .verify(new Condition.LinkIs(link, LinkState.SYNCED))
        .source(SOURCE)
        .build();
  }
}
