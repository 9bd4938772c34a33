package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.ServiceState;
import dev.baton.guard.BackupClean;
import dev.baton.guard.BackupExists;
import dev.baton.guard.FreeSpace;
import dev.baton.guard.IntegrityClean;
import dev.baton.guard.SessionsDrained;
import dev.baton.guard.SupportedSource;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Side;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Goal;
import dev.baton.plan.Guard;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 000's mirrored and clustered upgrade: one side at a time in side order, the primary first,
 * while the other side serves. Each side is drained, its entry points moved to the other side, it
 * is stopped, backed up, its Registration Master upgraded before its members (which go together),
 * started, verified, and its entry points moved back. A system with a single side has no failover,
 * so it gets the same steps as an announced outage.
 */
public final class PrimaryFirstStrategy implements Strategy {

  static final String SEED = "seed 000";

  /** Goal option: the oldest version the target release upgrades from directly. */
  public static final String MIN_SOURCE = "minSourceVersion";

  @Override
  public String name() {
    return "primary-first";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        new StrategyOption(
            "minSourceVersion",
            "the lowest version a side may be upgraded from",
            StrategyOption.Values.VERSION));
  }

  @Override
  public String summary() {
    return "one side at a time, primary first: drain, redirect away, stop, back up, upgrade the"
        + " registration master then its members, start, verify, redirect back";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    if (goal.targetVersion() == null) {
      throw new PlanningException("primary-first needs a target version (--to)");
    }
    Version min = minSource(goal);
    List<SideLayout> sides = new ArrayList<>();
    for (Side s : t.sidesInOrder()) {
      if (!t.componentsOnSide(s.name()).isEmpty()) {
        sides.add(SideLayout.of(t, s.name()));
      }
    }
    if (sides.isEmpty()) {
      throw new PlanningException("system " + t.system() + " has no components to upgrade");
    }
    SideProcedure procedure = new SideProcedure(t, goal.targetVersion(), min);
    List<Phase> phases = new ArrayList<>();
    if (sides.size() == 1) {
      phases.addAll(procedure.phases(sides.get(0), null));
      return new Plan(t.system(), name(), goal, phases, List.of(standAloneNote(t)));
    }
    for (SideLayout side : sides) {
      SideLayout other = side == sides.get(0) ? sides.get(1) : sides.get(0);
      phases.addAll(procedure.phases(side, other));
    }
    if (min != null) {
      phases.set(0, everyServerAtLeast(phases.get(0), sides.subList(1, sides.size()), min));
    }
    return new Plan(
        t.system(),
        name(),
        goal,
        phases,
        List.of(
            "side "
                + sides.get(0).side()
                + " is upgraded first while side "
                + sides.get(1).side()
                + " serves; then the other way round"));
  }

  /**
   * Seed 000: every server must run the minimum version before the first one is touched, so a later
   * side that is too old refuses the whole run instead of leaving it half upgraded.
   */
  private static Phase everyServerAtLeast(Phase first, List<SideLayout> later, Version min) {
    List<Guard> guards = new ArrayList<>();
    for (SideLayout side : later) {
      for (Component c : side.inOrder()) {
        guards.add(new SupportedSource(c.name(), min));
      }
    }
    List<Step> steps = new ArrayList<>(first.steps());
    steps.set(0, SideProcedure.withGuards(steps.get(0), guards));
    return new Phase(first.name(), steps);
  }

  private static String standAloneNote(Topology t) {
    return "announced outage: "
        + t.system()
        + " is stand-alone, with no failover server, and serves no backups or restores from the"
        + " drain to the restart";
  }

  private static Version minSource(Goal goal) throws PlanningException {
    String v = goal.options().get(MIN_SOURCE);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Version.parse(v);
    } catch (IllegalArgumentException e) {
      throw new PlanningException(MIN_SOURCE + ": " + e.getMessage());
    }
  }

  /** The phases of one side; {@code other} is null for a stand-alone system. */
  private record SideProcedure(Topology t, Version to, Version minSource) {

    List<Phase> phases(SideLayout side, SideLayout other) throws PlanningException {
      String s = side.side();
      List<Redirect> redirects = other == null ? List.of() : redirects(side, other);
      List<Phase> phases = new ArrayList<>();
      phases.add(new Phase(s + ": drain", drain(side, other == null)));
      if (!redirects.isEmpty()) {
        phases.add(
            new Phase(s + ": point entry points at side " + other.side(), away(s, redirects)));
      }
      phases.add(new Phase(s + ": stop", stop(side)));
      phases.add(new Phase(s + ": back up", backups(side)));
      phases.add(new Phase(s + ": upgrade", upgrades(side)));
      phases.add(new Phase(s + ": start and verify", startAndVerify(side)));
      if (!redirects.isEmpty()) {
        phases.add(new Phase(s + ": point entry points back", back(s, redirects)));
      }
      return phases;
    }

    private List<Guard> preconditions(Component c) {
      List<Guard> guards =
          new ArrayList<>(List.of(new IntegrityClean(c.name()), new FreeSpace(c.name())));
      if (minSource != null) {
        guards.add(new SupportedSource(c.name(), minSource));
      }
      return guards;
    }

    // The preconditions are checked at the drain too, so a side that cannot be upgraded is
    // refused before it stops serving, not after.
    private List<Step> drain(SideLayout side, boolean standAlone) {
      List<Step> steps = new ArrayList<>();
      for (Component c : side.inOrder()) {
        Step.Builder b =
            Step.builder(
                    "drain-" + c.name(),
                    "Refuse new backups and restores on "
                        + c.name()
                        + " and wait until its sessions reach 0",
                    Action.idempotent(Verb.DRAIN, c.name(), Map.of()))
                .goal(new Condition.Drained(c.name()))
                .guards(preconditions(c))
                .verify(new Condition.Drained(c.name()))
                .undo(Action.idempotent(Verb.UNDRAIN, c.name(), Map.of()))
                .source(SEED + " Stop Data Center Services (session restrictions)");
        if (standAlone && steps.isEmpty()) {
          b.gate(
              Gate.confirm(
                  "announced outage: "
                      + t.system()
                      + " has no failover server; backups and restores stop until it restarts"));
        }
        steps.add(b.build());
      }
      return steps;
    }

    private List<Redirect> redirects(SideLayout side, SideLayout other) throws PlanningException {
      List<Redirect> out = new ArrayList<>();
      for (Component c : side.inOrder()) {
        List<EntryPoint> eps = side.entryPoints(t, c);
        if (eps.isEmpty()) {
          continue;
        }
        Component to =
            side.counterpart(c, other)
                .orElseThrow(
                    () ->
                        new PlanningException(
                            c.name()
                                + " serves entry points but has no counterpart on side "
                                + other.side()));
        out.add(new Redirect(eps, c, to));
      }
      return out;
    }

    private List<Step> away(String side, List<Redirect> redirects) {
      String suffix = "-" + side.toLowerCase(Locale.ROOT) + "-away";
      String source = SEED + " Redirect Web Services Applications to Another Server";
      List<Step> steps = new ArrayList<>();
      for (Redirect r : redirects) {
        steps.addAll(EntryPointSteps.prepare(r.eps(), r.home(), r.away(), suffix, source));
        steps.addAll(EntryPointSteps.switchAndVerify(r.eps(), r.home(), r.away(), suffix, source));
        steps.addAll(EntryPointSteps.settle(r.eps(), r.home(), r.away(), suffix, source));
      }
      return steps;
    }

    private List<Step> back(String side, List<Redirect> redirects) {
      String suffix = "-" + side.toLowerCase(Locale.ROOT) + "-back";
      String source = SEED + " Upgrade Web Services Applications (direct them back)";
      List<Step> steps = new ArrayList<>();
      for (Redirect r : redirects) {
        steps.addAll(EntryPointSteps.prepare(r.eps(), r.away(), r.home(), suffix, source));
        steps.addAll(EntryPointSteps.switchAndVerify(r.eps(), r.away(), r.home(), suffix, source));
        steps.addAll(EntryPointSteps.settle(r.eps(), r.away(), r.home(), suffix, source));
      }
      return steps;
    }

    // Members first, the Registration Master last: the members use it until they stop.
    private List<Step> stop(SideLayout side) {
      List<Component> reverse = new ArrayList<>(side.inOrder());
      java.util.Collections.reverse(reverse);
      List<Step> steps = new ArrayList<>();
      for (Component c : reverse) {
        Step s = Steps.stop(c, SEED + " Stop Data Center Services");
        steps.add(withGuards(s, List.of(new SessionsDrained(c.name()))));
      }
      return steps;
    }

    private List<Step> backups(SideLayout side) {
      List<Step> steps = new ArrayList<>();
      for (Component c : side.inOrder()) {
        steps.add(Steps.backup(c, to, SEED + " Back Up the SQL Databases"));
      }
      return steps;
    }

    private List<Step> upgrades(SideLayout side) {
      String source = SEED + " Perform the Data Center Upgrade";
      List<Step> steps = new ArrayList<>();
      steps.add(install(side.master(), source + " (Registration Master first)").build());
      for (Component c : side.members()) {
        steps.add(
            install(c, source + " (members together)")
                .parallel(side.side() + "-members", side.members().size())
                .build());
      }
      return steps;
    }

    private Step.Builder install(Component c, String source) {
      List<Guard> guards =
          new ArrayList<>(List.of(new BackupExists(c.name()), new BackupClean(c.name())));
      guards.addAll(preconditions(c));
      return Steps.install(c, to, source).guards(guards);
    }

    private List<Step> startAndVerify(SideLayout side) {
      String source = SEED + " Start the Upgraded Data Center";
      List<Step> steps = new ArrayList<>();
      List<Condition> all = new ArrayList<>();
      for (Component c : side.inOrder()) {
        steps.add(Steps.start(c, source));
        all.add(new Condition.VersionIs(c.name(), to));
        all.add(new Condition.ServiceIs(c.name(), ServiceState.RUNNING));
      }
      steps.add(
          Step.builder(
                  "verify-side-" + side.side().toLowerCase(Locale.ROOT),
                  "Verify every component of side " + side.side() + " runs " + to,
                  Action.check(side.master().name()))
              .verify(new Condition.AllOf(all))
              .source(source)
              .build());
      for (Component c : side.inOrder()) {
        steps.add(
            Step.builder(
                    "accept-" + c.name(),
                    "Allow new backups and restores on " + c.name() + " again",
                    Action.idempotent(Verb.UNDRAIN, c.name(), Map.of()))
                .source(source)
                .build());
      }
      return steps;
    }

    private static Step withGuards(Step s, List<Guard> guards) {
      List<Guard> all = new ArrayList<>(s.guards());
      all.addAll(guards);
      return s.toBuilder().guards(all).build();
    }
  }

  /** Entry points a component serves, and where they go while its side is upgraded. */
  private record Redirect(List<EntryPoint> eps, Component home, Component away) {}
}
