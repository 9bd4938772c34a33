package dev.baton.strategy;

import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.model.Redirection;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moving a system's entry points from one component to another, in the order drain, switch, verify,
 * ready: prepare each (lower a TTL, drain the old backend server) before the role change, switch
 * and verify each after it, then settle (restore the TTL, make the new target ready).
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
                .source(source)
                .build());
      }
    }
    return steps;
  }

  static List<Step> switchAndVerify(
      Topology t, Component from, Component to, String suffix, String source) {
    return switchAndVerify(of(t, from, to), from, to, suffix, source);
  }

  static List<Step> switchAndVerify(
      List<EntryPoint> eps, Component from, Component to, String suffix, String source) {
    List<Step> steps = new ArrayList<>();
    for (EntryPoint ep : eps) {
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
