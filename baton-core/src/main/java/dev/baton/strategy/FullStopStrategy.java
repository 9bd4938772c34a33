package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Component;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upgrades everything at once during an announced outage (seed 002's full stop, seed 000's
 * stand-alone server): stop all, remove replication in its documented order, back up, upgrade in
 * component order, rebuild replication in reverse order, start, verify.
 *
 * <p>With replication, the replicated databases (the links' ends) stay online so replication can be
 * removed and rebuilt and the databases backed up; they are the ones backed up and their upgrade is
 * the destructive one. Without replication every component stops and is backed up.
 */
public final class FullStopStrategy implements Strategy {

  static final String SEED = "seed 002 full stop";

  @Override
  public String name() {
    return "full-stop";
  }

  @Override
  public boolean plansComponentsWithoutVersion() {
    return true;
  }

  @Override
  public String summary() {
    return "announced outage: stop all, unreplicate, back up, upgrade in order, rereplicate, start";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    if (goal.targetVersion() == null) {
      throw new PlanningException("full-stop needs a target version (--to)");
    }
    Version to = goal.targetVersion();
    List<Component> byOrder = new ArrayList<>(t.components());
    byOrder.sort(Comparator.comparingInt(Component::order));
    List<ReplicationLink> links = new ArrayList<>(t.links());
    links.sort(Comparator.comparingInt(ReplicationLink::order));
    java.util.Set<String> databases = new java.util.TreeSet<>();
    links.forEach(
        l -> {
          databases.add(l.from());
          databases.add(l.to());
        });
    List<Component> services =
        databases.isEmpty()
            ? byOrder
            : byOrder.stream().filter(c -> !databases.contains(c.name())).toList();
    List<Component> backedUp =
        databases.isEmpty()
            ? byOrder
            : byOrder.stream().filter(c -> databases.contains(c.name())).toList();
    List<Phase> phases = new ArrayList<>();
    phases.add(new Phase("stop everything", stopAll(t, services)));
    if (!links.isEmpty()) {
      phases.add(new Phase("remove replication", removeReplication(links)));
    }
    phases.add(new Phase("back up", backups(backedUp, to)));
    phases.add(new Phase("upgrade", upgrades(byOrder, to, backedUp)));
    if (!links.isEmpty()) {
      phases.add(new Phase("rebuild replication", rebuildReplication(links)));
    }
    phases.add(new Phase("start and verify", startAndVerify(byOrder, services, links, to)));
    return new Plan(
        t.system(),
        name(),
        goal,
        phases,
        List.of(
            "announced outage: "
                + t.system()
                + " serves no clients from the first stop to the last start"));
  }

  private static List<Step> stopAll(Topology t, List<Component> byOrder) {
    List<Step> steps = new ArrayList<>();
    List<Component> reverse = new ArrayList<>(byOrder);
    java.util.Collections.reverse(reverse);
    for (Component c : reverse) {
      Step s = Steps.stop(c, SEED + " (stop all services; dependents first)");
      if (steps.isEmpty()) {
        s = gated(s, Gate.confirm("announced outage: stopping " + t.system() + " for the upgrade"));
      }
      steps.add(s);
    }
    return steps;
  }

  private static Step gated(Step s, Gate gate) {
    return s.toBuilder().gate(gate).build();
  }

  private static List<Step> removeReplication(List<ReplicationLink> links) {
    List<Step> steps = new ArrayList<>();
    for (ReplicationLink l : links) {
      Step.Builder b =
          Step.builder(
                  "unreplicate-" + l.name(),
                  "Remove replication "
                      + l.name()
                      + " ("
                      + l.from()
                      + (l.bidirectional() ? " <-> " : " -> ")
                      + l.to()
                      + ")",
                  Action.once(Verb.REMOVE_REPLICATION, l.name(), Map.of()))
              .goal(new Condition.LinkIs(l.key(), LinkState.REMOVED))
              .verify(new Condition.LinkIs(l.key(), LinkState.REMOVED))
              .undo(Action.once(Verb.REBUILD_REPLICATION, l.name(), Map.of()))
              .source(SEED + " (remove replication in the documented order)");
      if (steps.isEmpty()) {
        b.pointOfNoReturn()
            .gate(
                Gate.confirm(
                    "remove replication; from here the sides diverge and are rebuilt only after the upgrade"));
      }
      steps.add(b.build());
    }
    return steps;
  }

  private static List<Step> backups(List<Component> byOrder, Version to) {
    List<Step> steps = new ArrayList<>();
    for (Component c : byOrder) {
      steps.add(
          Steps.backup(c, to, SEED + " (back up both sides)").toBuilder()
              .parallel("backups", 2)
              .build());
    }
    return steps;
  }

  /** Components of equal order upgrade together, as one parallel group. */
  private static List<Step> upgrades(
      List<Component> byOrder, Version to, List<Component> backedUp) {
    Map<Integer, List<Component>> groups = new TreeMap<>();
    for (Component c : byOrder) {
      if (c.version() == null) {
        continue; // declared without a version: stopped and started, never installed
      }
      groups.computeIfAbsent(c.order(), k -> new ArrayList<>()).add(c);
    }
    List<Step> steps = new ArrayList<>();
    for (Map.Entry<Integer, List<Component>> g : groups.entrySet()) {
      for (Component c : g.getValue()) {
        boolean holdsData = backedUp.contains(c);
        List<dev.baton.plan.Guard> guards = new ArrayList<>();
        if (holdsData) {
          guards.add(new dev.baton.guard.BackupExists(c.name()));
        }
        guards.addAll(Steps.passphrase(c));
        Step.Builder b =
            Steps.install(c, to, SEED + " (upgrade in component order)").guards(guards).gate(null);
        if (!holdsData) {
          b.destructive(false); // software only: the data it serves is in a backed-up database
        }
        if (g.getValue().size() > 1) {
          b.parallel("order-" + g.getKey(), g.getValue().size());
        }
        steps.add(b.build());
      }
    }
    return steps;
  }

  private static List<Step> rebuildReplication(List<ReplicationLink> links) {
    List<Step> steps = new ArrayList<>();
    for (int i = links.size() - 1; i >= 0; i--) {
      ReplicationLink l = links.get(i);
      steps.add(
          Step.builder(
                  "rereplicate-" + l.name(),
                  "Rebuild replication " + l.name(),
                  Action.once(Verb.REBUILD_REPLICATION, l.name(), Map.of()))
              .goal(new Condition.LinkIs(l.key(), LinkState.SYNCED))
              .verify(new Condition.LinkIs(l.key(), LinkState.SYNCED))
              .source(SEED + " (rebuild replication in reverse order)")
              .build());
    }
    return steps;
  }

  private static List<Step> startAndVerify(
      List<Component> byOrder, List<Component> stopped, List<ReplicationLink> links, Version to) {
    List<Step> steps = new ArrayList<>();
    for (Component c : stopped) {
      steps.add(Steps.start(c, SEED + " (start all services)"));
    }
    List<Condition> all = new ArrayList<>();
    for (Component c : byOrder) {
      if (c.version() != null) {
        all.add(new Condition.VersionIs(c.name(), to));
      }
      all.add(new Condition.ServiceIs(c.name(), ServiceState.RUNNING));
    }
    for (ReplicationLink l : links) {
      all.add(new Condition.LinkIs(l.key(), LinkState.SYNCED));
    }
    steps.add(
        Step.builder(
                "verify-upgrade",
                "Verify every component runs " + to,
                Action.check(byOrder.get(0).name()))
            .verify(new Condition.AllOf(all))
            .source(SEED + " (confirm all services started)")
            .build());
    return steps;
  }
}
