package dev.baton.strategy;

import dev.baton.facts.Property;
import dev.baton.guard.HasRole;
import dev.baton.guard.PauseBudgetFits;
import dev.baton.guard.PoolerTransactionPooling;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Guard;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moving a system's entry points from one component to another, in the order drain, switch, verify,
 * ready: prepare each (lower a TTL, drain the old backend server) before the role change, switch
 * and verify each after it, then settle (restore the TTL, make the new target ready). An entry
 * point that can hold its clients (a pooler) is held before the fence and released onto the new
 * target, verified, right after the promote: its clients wait instead of failing.
 */
final class EntryPointSteps {
  private EntryPointSteps() {}

  /** The entry points that point at either member of the pair. */
  static List<EntryPoint> of(Topology t, Component from, Component to) {
    return t.entryPoints().stream()
        .filter(ep -> ep.pointsAt().equals(from.name()) || ep.pointsAt().equals(to.name()))
        .toList();
  }

  static List<Step> prepare(
      Topology t, Component from, Component to, String suffix, String source) {
    return prepare(of(t, from, to), from, to, suffix, source);
  }

  static List<Step> prepare(
      List<EntryPoint> eps, Component from, Component to, String suffix, String source) {
    List<Step> steps = new ArrayList<>();
    for (EntryPoint ep : eps) {
      if (ep.redirection() != Redirection.NONE) {
        List<Guard> rules = poolerRules(List.of(ep));
        steps.add(
            Step.builder(
                    "prepare-" + ep.name() + suffix,
                    "Prepare "
                        + ep.name()
                        + " ("
                        + ep.redirection().label()
                        + ") to move from "
                        + from.name()
                        + " to "
                        + to.name(),
                    Action.idempotent(
                        Verb.ENTRY_PREPARE,
                        ep.name(),
                        Map.of("from", from.name(), "to", to.name())))
                .guards(rules)
                .source(source)
                .build());
      }
    }
    return steps;
  }

  /**
   * The rules of every pooler among {@code eps}: it pools per transaction (a pause in session
   * pooling waits for clients to leave), and its pause budget is shorter than its
   * query_wait_timeout. Preflight steps carry them so that {@code baton plan} shows a refusal
   * before anything changes.
   */
  static List<Guard> poolerRules(List<EntryPoint> eps) {
    List<Guard> rules = new ArrayList<>();
    for (EntryPoint ep : holding(eps)) {
      rules.add(new PoolerTransactionPooling(ep.name()));
      rules.add(new PauseBudgetFits(ep.name(), ep.pauseBudget()));
    }
    return rules;
  }

  /** {@code guards}, then the rules of the poolers in front of {@code from} or {@code to}. */
  static List<Guard> withPoolerRules(Topology t, Component from, Component to, Guard... guards) {
    List<Guard> all = new ArrayList<>(List.of(guards));
    all.addAll(poolerRules(of(t, from, to)));
    return all;
  }

  /** The entry points among {@code eps} that hold their clients while the role changes. */
  static List<EntryPoint> holding(List<EntryPoint> eps) {
    return eps.stream().filter(ep -> ep.redirection().holdsClients()).toList();
  }

  /**
   * Holds the clients of each pooler before the fence: running transactions finish (bounded by half
   * the pause budget, the rest is for the fence, the promote and the release), new ones wait.
   */
  static List<Step> hold(Topology t, Component from, Component to, String suffix, String source) {
    return hold(of(t, from, to), from, to, suffix, source);
  }

  static List<Step> hold(
      List<EntryPoint> eps, Component from, Component to, String suffix, String source) {
    List<Step> steps = new ArrayList<>();
    for (EntryPoint ep : holding(eps)) {
      Condition held = new Condition.PropertyIs(Property.PAUSED.of(ep.name()), "true");
      steps.add(
          Step.builder(
                  holdId(ep, suffix),
                  "Hold the clients of "
                      + ep.name()
                      + " ("
                      + ep.redirection().label()
                      + " PAUSE): they wait, they do not fail, while "
                      + from.name()
                      + " hands over to "
                      + to.name(),
                  Action.idempotent(
                      Verb.HOLD,
                      ep.name(),
                      Map.of(
                          "from",
                          from.name(),
                          "to",
                          to.name(),
                          "waitMs",
                          Long.toString(ep.pauseBudget().toMillis() / 2))))
              .goal(held)
              .guards(poolerRules(List.of(ep)))
              .verify(held)
              .undo(Action.idempotent(Verb.RELEASE, ep.name(), Map.of("to", from.name())))
              .source(source)
              .build());
    }
    return steps;
  }

  static String holdId(EntryPoint ep, String suffix) {
    return "hold-" + ep.name() + suffix;
  }

  static String releaseId(EntryPoint ep, Component to, String suffix) {
    return "release-" + ep.name() + "-to-" + to.name() + suffix;
  }

  /**
   * Lets a pooler's clients go on to {@code to}: point it there, verify, resume. It never resumes
   * onto a component that is not seen active right then.
   */
  static Step release(
      EntryPoint ep, Component to, String activeRole, String id, String title, String source) {
    Condition released =
        Condition.all(
            new Condition.PointsAt(ep.name(), to.name()),
            new Condition.PropertyIs(Property.PAUSED.of(ep.name()), "false"));
    return Step.builder(
            id, title, Action.idempotent(Verb.RELEASE, ep.name(), Map.of("to", to.name())))
        .goal(released)
        .guards(new HasRole(to.name(), activeRole))
        .verify(released)
        .source(source)
        .build();
  }

  static List<Step> switchAndVerify(
      Topology t, Component from, Component to, String suffix, String source) {
    return switchAndVerify(of(t, from, to), from, to, activeRole(t), suffix, source);
  }

  /** The role a component has when it is active, by the topology's role model. */
  static String activeRole(Topology t) {
    return RoleModel.named(t.roleModel()).orElse(RoleModel.ACTIVE_STANDBY).activeRole();
  }

  static List<Step> switchAndVerify(
      List<EntryPoint> eps,
      Component from,
      Component to,
      String activeRole,
      String suffix,
      String source) {
    List<Step> steps = new ArrayList<>();
    for (EntryPoint ep : eps) {
      if (ep.redirection().holdsClients()) {
        steps.add(
            release(
                ep,
                to,
                activeRole,
                releaseId(ep, to, suffix),
                "Point "
                    + ep.name()
                    + " ("
                    + ep.redirection().label()
                    + ") at "
                    + to.name()
                    + ", verify it, and let its clients go on",
                source));
        continue;
      }
      steps.add(
          Step.builder(
                  "redirect-" + ep.name() + "-to-" + to.name() + suffix,
                  "Point "
                      + ep.name()
                      + " ("
                      + ep.redirection().label()
                      + ") at "
                      + to.name()
                      + " and verify it through an independent path",
                  Action.idempotent(Verb.REDIRECT, ep.name(), Map.of("to", to.name())))
              .goal(new Condition.PointsAt(ep.name(), to.name()))
              .verify(new Condition.PointsAt(ep.name(), to.name()))
              .undo(Action.idempotent(Verb.REDIRECT, ep.name(), Map.of("to", from.name())))
              .source(source)
              .build());
    }
    return steps;
  }

  static List<Step> settle(Topology t, Component from, Component to, String suffix, String source) {
    return settle(of(t, from, to), from, to, suffix, source);
  }

  static List<Step> settle(
      List<EntryPoint> eps, Component from, Component to, String suffix, String source) {
    List<Step> steps = new ArrayList<>();
    for (EntryPoint ep : eps) {
      if (ep.redirection() != Redirection.NONE) {
        steps.add(
            Step.builder(
                    "settle-" + ep.name() + suffix,
                    "Settle "
                        + ep.name()
                        + " on "
                        + to.name()
                        + " (restore the TTL, mark it ready)",
                    Action.idempotent(Verb.ENTRY_SETTLE, ep.name(), Map.of("to", to.name())))
                .verify(new Condition.PointsAt(ep.name(), to.name()))
                .source(source)
                .build());
      }
    }
    return steps;
  }
}
