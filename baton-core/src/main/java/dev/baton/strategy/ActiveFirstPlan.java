package dev.baton.strategy;

import static dev.baton.strategy.TakeoverStrategy.SEED;

import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.guard.AtVersion;
import dev.baton.guard.BackupExists;
import dev.baton.guard.HasRole;
import dev.baton.guard.NoTransitorySessions;
import dev.baton.guard.SameLevel;
import dev.baton.guard.StandbySynced;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seed 001's takeover order: the standby takes over, the old active is upgraded, takes back over
 * and is validated while the other is shut down, then the other is upgraded and high availability
 * re-established. The standby keeps serving while the old active is upgraded.
 */
final class ActiveFirstPlan {
  private ActiveFirstPlan() {}

  static List<String> notes(Pair p, Goal goal) {
    List<String> notes = new ArrayList<>();
    notes.add(
        p.standby().name()
            + " manages the sessions from the takeover until "
            + p.active().name()
            + " takes back over, so a failed upgrade of "
            + p.active().name()
            + " leaves a working server");
    notes.add(
        "while "
            + p.active().name()
            + " is validated, "
            + p.standby().name()
            + " is shut down so that only one server runs scheduled tasks");
    for (Component c : List.of(p.active(), p.standby())) {
      if (ports(goal, c).isEmpty()) {
        notes.add(
            "the ports of "
                + c.name()
                + " were not observed, so whether the upgrade kept them is not checked");
      }
    }
    return notes;
  }

  private static Optional<Condition> ports(Goal goal, Component c) {
    return Optional.ofNullable(goal.options().get(TakeoverStrategy.PORTS + c.name()))
        .map(p -> new Condition.PortsAre(c.name(), p));
  }

  /** The conditions, plus the component's ports when they were observed. */
  private static Condition withPorts(Goal goal, Component c, Condition... cs) {
    List<Condition> all = new ArrayList<>(List.of(cs));
    ports(goal, c).ifPresent(all::add);
    return new Condition.AllOf(all);
  }

  static List<Phase> phases(Topology t, RoleModel m, Pair p, Goal goal) {
    Component a = p.active();
    Component b = p.standby();
    Version to = goal.targetVersion();
    long maxLag = Long.parseLong(goal.options().getOrDefault("maxLagBytes", "0"));
    String link = p.link().key();
    String backupSource = SEED + " before you begin (a failed upgrade is restored from it)";
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase("preflight", List.of(preflight(m, a, b, link, maxLag))));
    phases.add(
        new Phase(
            "back up",
            List.of(Steps.backup(a, to, backupSource), Steps.backup(b, to, backupSource))));
    List<Step> takeover =
        new ArrayList<>(
            around(
                t,
                a,
                b,
                takeover(m, b, a, SEED + " step 2")
                    .guards(
                        new HasRole(b.name(), m.passiveRole()),
                        new StandbySynced(link, b.name(), maxLag),
                        new SameLevel(a.name(), b.name()),
                        new NoTransitorySessions(b.name()))
                    .build(),
                "",
                SEED + " step 2 (clients follow the active server)"));
    takeover.add(inStandby(m, a, b));
    phases.add(new Phase("take over on the standby", takeover));
    phases.add(
        new Phase(
            "upgrade the old active",
            List.of(
                Steps.install(a, to, SEED + " steps 4-7")
                    .guards(new HasRole(a.name(), m.passiveRole()), new BackupExists(a.name()))
                    .build(),
                restarted(m, a, to, goal))));
    List<Step> takeBack =
        new ArrayList<>(
            around(
                t,
                b,
                a,
                takeover(m, a, b, SEED + " step 9")
                    .guards(
                        new HasRole(a.name(), m.passiveRole()),
                        new AtVersion(a.name(), to),
                        new StandbySynced(link, a.name(), maxLag))
                    .build(),
                "-back",
                SEED + " step 9"));
    takeBack.add(shutDownWhileValidating(a, b));
    takeBack.add(validate(m, a, b, to, goal));
    phases.add(new Phase("take back and validate", takeBack));
    phases.add(
        new Phase(
            "upgrade the other",
            List.of(
                Steps.install(b, to, SEED + " step 10 (steps 4-7 on the secondary)")
                    .guards(new BackupExists(b.name()))
                    .build())));
    phases.add(
        new Phase(
            "re-establish high availability",
            List.of(
                reestablish(m, a, b, p.link().name(), link),
                finalCheck(t, m, a, b, to, link, goal))));
    return phases;
  }

  private static Step preflight(RoleModel m, Component a, Component b, String link, long lag) {
    return Step.builder(
            "preflight",
            "Check the pair is ready for a takeover: standby synced, no session in a transitory"
                + " state, both at the same level",
            Action.check(b.name()))
        .guards(
            new HasRole(a.name(), m.activeRole()),
            new HasRole(b.name(), m.passiveRole()),
            new StandbySynced(link, b.name(), lag),
            new NoTransitorySessions(a.name()),
            new NoTransitorySessions(b.name()),
            new SameLevel(a.name(), b.name()))
        .source(SEED + " step 1")
        .build();
  }

  private static Step.Builder takeover(RoleModel m, Component onto, Component from, String source) {
    return Step.builder(
            "takeover-" + onto.name(),
            "Take over on " + onto.name() + "; " + from.name() + " enters standby",
            Action.once(Verb.TAKEOVER, onto.name(), Map.of()))
        .goal(new Condition.RoleIs(onto.name(), m.activeRole()))
        .verify(
            Condition.all(
                new Condition.RoleIs(onto.name(), m.activeRole()),
                new Condition.RoleIs(from.name(), m.passiveRole())))
        .undo(Action.once(Verb.TAKEOVER, from.name(), Map.of()))
        .source(source);
  }

  /** Prepare before the role change; switch, verify and settle after it. */
  private static List<Step> around(
      Topology t, Component from, Component to, Step roleChange, String suffix, String source) {
    List<Step> out = new ArrayList<>(EntryPointSteps.prepare(t, from, to, suffix, source));
    out.add(roleChange);
    out.addAll(EntryPointSteps.switchAndVerify(t, from, to, suffix, source));
    out.addAll(EntryPointSteps.settle(t, from, to, suffix, source));
    return out;
  }

  /** Seed 001 step 3: the old active saw the takeover and holds back its scheduled tasks. */
  private static Step inStandby(RoleModel m, Component a, Component b) {
    return Step.builder(
            "standby-" + a.name(),
            "Confirm "
                + a.name()
                + " entered standby and runs no scheduled tasks; "
                + b.name()
                + " manages the sessions",
            Action.check(a.name()))
        .verify(
            Condition.all(
                new Condition.RoleIs(a.name(), m.passiveRole()),
                new Condition.RoleIs(b.name(), m.activeRole())))
        .source(SEED + " step 3")
        .build();
  }

  /** Seed 001 step 8: the upgraded server restarted at the new level, still in standby. */
  private static Step restarted(RoleModel m, Component a, Version to, Goal goal) {
    return Step.builder(
            "restarted-" + a.name(),
            "Verify " + a.name() + " restarted at " + to + ", still in standby, on the same ports",
            Action.check(a.name()))
        .verify(
            withPorts(
                goal,
                a,
                new Condition.VersionIs(a.name(), to),
                new Condition.ServiceIs(a.name(), ServiceState.RUNNING),
                new Condition.RoleIs(a.name(), m.passiveRole())))
        .source(SEED + " step 8")
        .build();
  }

  /**
   * Seed 001 step 9 note: once the primary is active again both servers may run scheduled tasks, so
   * the secondary stays down until the upgrade is validated.
   */
  private static Step shutDownWhileValidating(Component a, Component b) {
    return Step.builder(
            "stop-" + b.name(),
            "Shut down "
                + b.name()
                + " while "
                + a.name()
                + " is validated, so only one server runs scheduled tasks",
            Action.idempotent(Verb.STOP, b.name(), Map.of()))
        .goal(new Condition.ServiceIs(b.name(), ServiceState.STOPPED))
        .verify(new Condition.ServiceIs(b.name(), ServiceState.STOPPED))
        .undo(Action.idempotent(Verb.START, b.name(), Map.of()))
        .source(SEED + " step 9 note (validate while one server runs tasks)")
        .build();
  }

  private static Step validate(RoleModel m, Component a, Component b, Version to, Goal goal) {
    return Step.builder(
            "validate-" + a.name(),
            "Validate "
                + a.name()
                + " after taking back over: active at "
                + to
                + ", sessions in steady states, "
                + b.name()
                + " down",
            Action.check(a.name()))
        .guards(new NoTransitorySessions(a.name()))
        .verify(
            withPorts(
                goal,
                a,
                new Condition.RoleIs(a.name(), m.activeRole()),
                new Condition.VersionIs(a.name(), to),
                new Condition.ServiceIs(a.name(), ServiceState.RUNNING),
                new Condition.ServiceIs(b.name(), ServiceState.STOPPED)))
        .source(SEED + " step 9 (validate session information and states)")
        .build();
  }

  private static Step reestablish(
      RoleModel m, Component a, Component b, String linkName, String key) {
    return Step.builder(
            "reestablish-ha",
            "Re-establish high availability: " + b.name() + " standby of " + a.name(),
            Action.once(Verb.REBUILD_REPLICATION, linkName, Map.of()))
        .goal(
            Condition.all(
                new Condition.LinkIs(key, LinkState.SYNCED),
                new Condition.RoleIs(b.name(), m.passiveRole())))
        .verify(
            Condition.all(
                new Condition.LinkIs(key, LinkState.SYNCED),
                new Condition.RoleIs(b.name(), m.passiveRole())))
        .source(SEED + " step 11")
        .build();
  }

  private static Step finalCheck(
      Topology t, RoleModel m, Component a, Component b, Version to, String key, Goal goal) {
    List<Condition> all =
        new ArrayList<>(
            List.of(
                new Condition.RoleIs(a.name(), m.activeRole()),
                new Condition.RoleIs(b.name(), m.passiveRole()),
                new Condition.VersionIs(a.name(), to),
                new Condition.VersionIs(b.name(), to),
                new Condition.LinkIs(key, LinkState.SYNCED)));
    ports(goal, a).ifPresent(all::add);
    ports(goal, b).ifPresent(all::add);
    for (EntryPoint ep : t.entryPoints()) {
      if (ep.pointsAt().equals(a.name()) || ep.pointsAt().equals(b.name())) {
        all.add(new Condition.PointsAt(ep.name(), a.name()));
      }
    }
    return Step.builder(
            "verify-upgrade",
            "Verify both servers at " + to + " with HA in place",
            Action.check(a.name()))
        .verify(new Condition.AllOf(all))
        .source(SEED + " results (both upgraded, port assignments kept)")
        .build();
  }
}
