package dev.baton.strategy;

import dev.baton.facts.Property;
import dev.baton.guard.LogicalGuardrail;
import dev.baton.guard.LogicalGuardrail.Kind;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Guard;
import dev.baton.plan.Hold;
import dev.baton.plan.Phase;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cutover between two servers of different majors that logical replication keeps in step (ADR
 * 0040), the same in both directions: check the schema before the pause, hold the poolers' clients,
 * fence writes on {@code from}, wait until {@code to} has applied {@code from}'s last commit, carry
 * the sequences over, turn replication around (the commit point), let {@code to} take writes, and
 * release the clients onto it. Until replication is turned around within the pause budget, the
 * clients go back to {@code from}, writable again, and {@code to} follows it as before.
 */
final class LogicalCutover {
  private LogicalCutover() {}

  static final String SOURCE = MajorUpgradeStrategy.SOURCE;

  /** The cutover onto a new-major copy: its schema unchanged, its tables synchronised. */
  static Phase phase(Topology t, RoleModel m, Component from, Component to) {
    return phase(
        t,
        m,
        from,
        to,
        List.of(
            new LogicalGuardrail(Kind.NO_SCHEMA_DRIFT, from.name(), to.name()),
            new LogicalGuardrail(Kind.COPY_SYNCED, from.name(), to.name())));
  }

  /** The cutover from {@code from} to {@code to}, once {@code checks} allow it. */
  static Phase phase(Topology t, RoleModel m, Component from, Component to, List<Guard> checks) {
    return new Phase("cut over", steps(t, m, from, to, checks), holds(t, m, from, to));
  }

  /**
   * The entry points declared at any member of either side's role group: after a switchover within
   * the old pair, clients reach its other member, which the declaration does not name.
   */
  static List<EntryPoint> entryPoints(Topology t, Component from, Component to) {
    java.util.Set<String> members = new java.util.HashSet<>();
    for (Component c : List.of(from, to)) {
      members.add(c.name());
      if (c.roleGroup() != null) {
        t.roleGroup(c.roleGroup()).forEach(m -> members.add(m.name()));
      }
    }
    return t.entryPoints().stream().filter(ep -> members.contains(ep.pointsAt())).toList();
  }

  static String reverseId(Component to) {
    return "reverse-to-" + to.name();
  }

  private static long budget(Topology t, Component from, Component to) {
    return EntryPointSteps.holding(entryPoints(t, from, to)).stream()
        .mapToLong(ep -> ep.pauseBudget().toMillis())
        .min()
        .orElse(2000);
  }

  private static List<Step> steps(
      Topology t, RoleModel m, Component from, Component to, List<Guard> checks) {
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.builder(
                "check-schema-" + from.name(),
                "Check, before the pause, that " + to.name() + " can take over from " + from.name(),
                Action.check(from.name()))
            .guards(checks)
            .source(SOURCE)
            .build());
    List<EntryPoint> eps = entryPoints(t, from, to);
    steps.addAll(EntryPointSteps.prepare(eps, from, to, "", SOURCE));
    steps.addAll(EntryPointSteps.hold(eps, from, to, "", SOURCE));
    steps.add(
        Step.builder(
                "fence-writes-" + from.name(),
                "Fence writes on "
                    + from.name()
                    + ": its databases turn read-only and client sessions end",
                Action.idempotent(Verb.FENCE_WRITES, from.name(), Map.of()))
            .goal(fenced(from))
            .verify(fenced(from))
            .undo(Action.idempotent(Verb.UNFENCE_WRITES, from.name(), Map.of()))
            .source(SOURCE)
            .build());
    steps.add(
        Step.builder(
                "catch-up-" + to.name(),
                "Wait until "
                    + to.name()
                    + " has applied the last commit of "
                    + from.name()
                    + ", then set its sequences to their values there",
                Action.idempotent(
                    Verb.LOGICAL_CATCH_UP,
                    to.name(),
                    Map.of("from", from.name(), "waitMs", Long.toString(budget(t, from, to) / 2))))
            .source(SOURCE)
            .build());
    Condition reversed = Condition.all(follows(from, to), writable(to));
    steps.add(
        Step.builder(
                reverseId(to),
                "Turn replication around: "
                    + from.name()
                    + " follows "
                    + to.name()
                    + " from now on, without copying, and "
                    + to.name()
                    + " takes writes",
                Action.once(Verb.LOGICAL_REVERSE, to.name(), Map.of("to", from.name())))
            .goal(reversed)
            .verify(reversed)
            .source(SOURCE)
            .build());
    steps.addAll(
        EntryPointSteps.switchAndVerify(eps, from, to, EntryPointSteps.activeRole(t), "", SOURCE));
    return steps;
  }

  /** Whether {@code follower} follows {@code leader} by logical replication now. */
  static Condition follows(Component follower, Component leader) {
    return new Condition.PropertyIs(Property.SUBSCRIBED_TO.of(follower.name()), leader.name());
  }

  static Condition fenced(Component c) {
    return new Condition.Not(new Condition.PropertyIs(Property.READ_ONLY.of(c.name()), ""));
  }

  static Condition writable(Component c) {
    return new Condition.PropertyIs(Property.READ_ONLY.of(c.name()), "");
  }

  private static Step unfence(Component c, String id) {
    Condition writable = writable(c);
    return Step.builder(
            id,
            "Let " + c.name() + " take writes",
            Action.idempotent(Verb.UNFENCE_WRITES, c.name(), Map.of()))
        .goal(writable)
        .verify(writable)
        .source(SOURCE)
        .build();
  }

  private static List<Hold> holds(Topology t, RoleModel m, Component from, Component to) {
    List<Hold> holds = new ArrayList<>();
    for (EntryPoint ep : EntryPointSteps.holding(entryPoints(t, from, to))) {
      Condition back = follows(to, from);
      Step follow =
          Step.builder(
                  "rollback-" + ep.name() + "-follow-" + from.name(),
                  to.name() + " follows " + from.name() + " again, and not the other way",
                  Action.idempotent(Verb.LOGICAL_REVERSE, from.name(), Map.of("to", to.name())))
              .goal(back)
              .verify(back)
              .source(SOURCE)
              .build();
      Step release =
          EntryPointSteps.release(
              ep,
              from,
              m.activeRole(),
              "rollback-" + ep.name() + "-release-to-" + from.name(),
              "Point " + ep.name() + " back at " + from.name() + " and let its clients go on",
              SOURCE);
      holds.add(
          new Hold(
              ep.name(),
              EntryPointSteps.holdId(ep, ""),
              reverseId(to),
              EntryPointSteps.releaseId(ep, to, ""),
              ep.pauseBudget(),
              List.of(
                  follow,
                  unfence(from, "rollback-" + ep.name() + "-unfence-" + from.name()),
                  release)));
    }
    return holds;
  }
}
