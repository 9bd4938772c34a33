package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.guard.AtVersion;
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
import dev.baton.plan.Gate;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upgrades an active/standby pair while one member always serves (seed 001): the standby takes
 * over, the old active is upgraded, takes back over and is validated while the other is shut down,
 * then the other is upgraded and high availability re-established. Without a standby it falls back
 * to the seed's plain upgrade, an announced outage.
 */
public final class TakeoverStrategy implements Strategy {

  static final String SEED = "seed 001";

  @Override
  public String name() {
    return "takeover";
  }

  @Override
  public String summary() {
    return "standby takes over, old active upgraded, takes back, other upgraded, HA rebuilt (seed 001)";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    if (goal.targetVersion() == null) {
      throw new PlanningException("takeover needs a target version (--to)");
    }
    RoleModel model = roleModel(t);
    boolean hasPair = t.roleGroups().stream().anyMatch(g -> t.roleGroup(g).size() == 2);
    if (!hasPair) {
      return withoutStandby(t, goal);
    }
    Pair pair = Pair.find(t, facts, model, goal.options().get("active"));
    Map<String, String> options = new HashMap<>(goal.options());
    options.put("active", pair.active().name());
    String order = options.computeIfAbsent("order", k -> defaultOrder(model));
    Goal resolved = new Goal(goal.targetVersion(), options);
    return switch (order) {
      case "active-first" ->
          new Plan(t.system(), name(), resolved, phases(t, model, pair, resolved), notes(pair));
      case "standby-first" ->
          new Plan(
              t.system(),
              name(),
              resolved,
              StandbyFirstPlan.phases(t, model, pair, resolved),
              List.of(
                  pair.standby().name()
                      + " is upgraded first and takes over; "
                      + pair.active().name()
                      + " rejoins as its standby and is upgraded"
                      + (resolved.option("switchBack") ? ", then takes back over" : "")));
      default ->
          throw new PlanningException(
              "order '" + order + "' is unknown; use active-first (seed 001) or standby-first");
    };
  }

  /**
   * Seed 001's product upgrades the old active first; a primary/replica database takes the newer
   * minor version on its standby first, since a standby must be able to read the primary's WAL.
   */
  static String defaultOrder(RoleModel model) {
    return model.equals(RoleModel.PRIMARY_REPLICA) ? "standby-first" : "active-first";
  }

  static RoleModel roleModel(Topology t) throws PlanningException {
    return RoleModel.named(t.roleModel())
        .orElseThrow(() -> new PlanningException("unknown role model " + t.roleModel()));
  }

  private static List<String> notes(Pair p) {
    return List.of(
        p.standby().name()
            + " serves alone from the takeover until "
            + p.active().name()
            + " takes back over; disaster recovery is kept throughout",
        "while "
            + p.active().name()
            + " is validated, "
            + p.standby().name()
            + " is shut down so that only one server runs scheduled tasks");
  }

  private List<Phase> phases(Topology t, RoleModel m, Pair p, Goal goal) {
    Component a = p.active();
    Component b = p.standby();
    Version to = goal.targetVersion();
    long maxLag = Long.parseLong(goal.options().getOrDefault("maxLagBytes", "0"));
    String link = p.link().key();
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase("preflight", List.of(preflight(m, a, b, link, maxLag))));
    phases.add(
        new Phase(
            "back up",
            List.of(
                Steps.backup(a, to, SEED + " (before the upgrade)"),
                Steps.backup(b, to, SEED + " (before the upgrade)"))));
    List<Step> takeover =
        around(
            t,
            a,
            b,
            takeover(m, b, a, link, maxLag, SEED + " steps 2-3")
                .guards(
                    new HasRole(b.name(), m.passiveRole()),
                        new StandbySynced(link, b.name(), maxLag),
                    new SameLevel(a.name(), b.name()), new NoTransitorySessions(b.name()))
                .build(),
            "",
            SEED + " step 2 (clients follow the active server)");
    phases.add(new Phase("take over on the standby", takeover));
    phases.add(
        new Phase(
            "upgrade the old active",
            List.of(
                Steps.install(a, to, SEED + " steps 4-8")
                    .guards(
                        new HasRole(a.name(), m.passiveRole()),
                        new dev.baton.guard.BackupExists(a.name()))
                    .build())));
    List<Step> takeBack =
        new ArrayList<>(
            around(
                t,
                b,
                a,
                takeover(m, a, b, link, maxLag, SEED + " step 9")
                    .guards(
                        new HasRole(a.name(), m.passiveRole()),
                        new AtVersion(a.name(), to),
                        new StandbySynced(link, a.name(), maxLag))
                    .build(),
                "-back",
                SEED + " step 9"));
    takeBack.add(Steps.stop(b, SEED + " step 9 note (validate with one server running tasks)"));
    takeBack.add(validate(m, a, to));
    phases.add(new Phase("take back and validate", takeBack));
    phases.add(
        new Phase(
            "upgrade the other",
            List.of(
                Steps.install(b, to, SEED + " step 10")
                    .guards(new dev.baton.guard.BackupExists(b.name()))
                    .build())));
    phases.add(
        new Phase(
            "re-establish high availability",
            List.of(
                reestablish(m, a, b, p.link().name(), link), finalCheck(t, m, a, b, to, link))));
    return phases;
  }

  private static Step preflight(RoleModel m, Component a, Component b, String link, long lag) {
    return Step.builder(
            "preflight", "Check the pair is ready for a takeover", Action.check(b.name()))
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

  private static Step.Builder takeover(
      RoleModel m, Component onto, Component from, String link, long lag, String source) {
    return Step.builder(
            "takeover-" + onto.name(),
            "Take over on " + onto.name() + "; " + from.name() + " enters standby",
            Action.once("takeover", onto.name(), Map.of()))
        .goal(new Condition.RoleIs(onto.name(), m.activeRole()))
        .verify(
            Condition.all(
                new Condition.RoleIs(onto.name(), m.activeRole()),
                new Condition.RoleIs(from.name(), m.passiveRole())))
        .undo(Action.once("takeover", from.name(), Map.of()))
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

  private static Step validate(RoleModel m, Component a, Version to) {
    return Step.builder(
            "validate-" + a.name(),
            "Validate " + a.name() + ": active at " + to + ", sessions in a steady state",
            Action.check(a.name()))
        .guards(new NoTransitorySessions(a.name()))
        .verify(
            Condition.all(
                new Condition.RoleIs(a.name(), m.activeRole()),
                new Condition.VersionIs(a.name(), to),
                new Condition.ServiceIs(a.name(), ServiceState.RUNNING)))
        .source(SEED + " step 9")
        .build();
  }

  private static Step reestablish(
      RoleModel m, Component a, Component b, String linkName, String key) {
    return Step.builder(
            "reestablish-ha",
            "Re-establish high availability: " + b.name() + " standby of " + a.name(),
            Action.once("rebuild-replication", linkName, Map.of()))
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
      Topology t, RoleModel m, Component a, Component b, Version to, String key) {
    List<Condition> all =
        new ArrayList<>(
            List.of(
                new Condition.RoleIs(a.name(), m.activeRole()),
                new Condition.RoleIs(b.name(), m.passiveRole()),
                new Condition.VersionIs(a.name(), to),
                new Condition.VersionIs(b.name(), to),
                new Condition.LinkIs(key, LinkState.SYNCED)));
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
        .source(SEED + " results")
        .build();
  }

  private Plan withoutStandby(Topology t, Goal goal) {
    Version to = goal.targetVersion();
    List<Step> steps = new ArrayList<>();
    for (Component c : t.components()) {
      steps.add(Steps.backup(c, to, SEED + " (no standby: recovery needs the backup)"));
      Step install = Steps.install(c, to, SEED + " steps 4-7").build();
      steps.add(install);
    }
    Step first = steps.get(0);
    Step gated =
        Step.builder(first.id(), first.title(), first.action())
            .goal(first.goal())
            .verify(first.verify())
            .source(first.source())
            .gate(
                Gate.confirm(
                    "no standby: "
                        + t.system()
                        + " is unavailable until its upgrade finishes (announced outage)"))
            .build();
    steps.set(0, gated);
    return new Plan(
        t.system(),
        name(),
        goal,
        List.of(new Phase("upgrade without a standby", steps)),
        List.of(
            "without a standby there is no disaster recovery during the upgrade,"
                + " and a failed upgrade is recovered only from the backup"));
  }
}
