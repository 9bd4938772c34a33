package dev.baton.strategy;

import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.guard.AtVersion;
import dev.baton.guard.BackupExists;
import dev.baton.guard.ConsistentBackup;
import dev.baton.guard.DependentsQuiesced;
import dev.baton.guard.MasterSecretServer;
import dev.baton.guard.SecretBackedUp;
import dev.baton.guard.SecretSet;
import dev.baton.guard.Unclustered;
import dev.baton.model.Component;
import dev.baton.model.ProductTerms.Database;
import dev.baton.model.Term;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 003's upgrade of a clustered master secret server: quiesce its dependents, back up the
 * master secret and the databases, take the clustered resource offline and make the primary node
 * the stand-alone master with the other nodes as its slaves, upgrade each node on its own, then
 * recluster, promote the other nodes again and fail over to each node as the final test before the
 * dependents come back.
 */
public final class UnclusterStrategy implements Strategy {

  static final String SEED = "seed 003";

  /** Goal option: the node component that becomes the stand-alone master secret server. */
  public static final String PRIMARY = "primary";

  @Override
  public String name() {
    return "uncluster";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(StrategyOption.text("primary", "the node that becomes the stand-alone master"));
  }

  @Override
  public String summary() {
    return "quiesce dependents, back up the secret and databases, uncluster, upgrade each node,"
        + " recluster, fail over to each node, restart dependents (seed 003)";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    if (goal.targetVersion() == null) {
      throw new PlanningException("uncluster needs a target version (--to)");
    }
    ClusterLayout layout = ClusterLayout.of(t, facts, goal.options().get(PRIMARY));
    Map<String, String> options = new HashMap<>(goal.options());
    options.put(PRIMARY, layout.primary().name());
    Goal resolved = new Goal(goal.targetVersion(), options);
    Procedure p = new Procedure(t, layout, goal.targetVersion());
    List<Phase> phases =
        List.of(
            new Phase("quiesce dependents", p.quiesce()),
            new Phase("back up", p.backups()),
            new Phase("uncluster", p.uncluster()),
            new Phase("upgrade each node", p.upgrades()),
            new Phase("recluster", p.recluster()),
            new Phase("fail over to each node", p.failovers()),
            new Phase("bring dependents back", p.restoreDependents()));
    return new Plan(t.system(), name(), resolved, phases, notes(t, layout));
  }

  private static List<String> notes(Topology t, ClusterLayout l) {
    return List.of(
        "announced outage: "
            + t.system()
            + " processes nothing from the first dependent stop until the dependents restart",
        l.resource().name()
            + " has no failover from taking it offline until it is back online on "
            + l.primary().name());
  }

  /**
   * Step shapes of the procedure, in seed order. The product's name and its parts' wording come
   * from its pack: {@code product} is its short name (the pack's {@code terms: product}).
   */
  private record Procedure(Topology t, ClusterLayout l, Version to, String product) {

    private static final String PREPARE = SEED + " Prepare the environment";
    private static final String UPGRADE = SEED + " Upgrade the cluster nodes individually";
    private static final String TEST = SEED + " Test by failing over to each node";

    Procedure(Topology t, ClusterLayout l, Version to) {
      this(t, l, to, t.terms().word(Term.PRODUCT));
    }

    String unclusterSection() {
      return SEED + " Uncluster " + product + " MSS";
    }

    String reclusterSection() {
      return SEED + " Recluster the " + product + " MSS";
    }

    String secretLabel() {
      return "pre-" + to + "-master-secret";
    }

    String fullLabel() {
      return "pre-" + to + "-full";
    }

    List<Step> quiesce() {
      List<Step> steps = new ArrayList<>();
      for (Component c : l.dependents()) {
        Step.Builder b =
            Step.builder(
                    l.dependent(c).stopId(c.name()),
                    l.dependent(c).stopTitle(c.name()),
                    Action.idempotent(Verb.STOP, c.name(), Map.of()))
                .goal(new Condition.ServiceIs(c.name(), ServiceState.STOPPED))
                .verify(new Condition.ServiceIs(c.name(), ServiceState.STOPPED))
                .undo(Action.idempotent(Verb.START, c.name(), Map.of()))
                .source(PREPARE + " (silence " + l.parts().silence() + ")");
        if (steps.isEmpty()) {
          b.gate(
              Gate.confirm(
                  "announced outage: "
                      + t.system()
                      + " stops processing until its dependents restart after the upgrade"));
        }
        steps.add(b.build());
      }
      return steps;
    }

    List<Step> backups() {
      Component mss = l.resource();
      String secret = l.backupSecret();
      List<Step> steps = new ArrayList<>();
      steps.add(
          Step.builder(
                  "backup-secret-" + mss.name(),
                  "Back up the master secret of "
                      + mss.name()
                      + ", protected by the password in secret "
                      + secret,
                  Action.once(
                      Verb.BACKUP_SECRET,
                      mss.name(),
                      Map.of("label", secretLabel(), "secret", secret)))
              .goal(new Condition.PropertyIs(Property.SECRET_BACKUP.of(mss.name()), secretLabel()))
              .guards(new SecretSet(secret))
              .verify(
                  new Condition.PropertyIs(Property.SECRET_BACKUP.of(mss.name()), secretLabel()))
              .source(PREPARE + " (back up the master secret)")
              .build());
      for (Component db : l.databases()) {
        steps.add(fullBackup(db));
      }
      for (Component node : l.nodes()) {
        steps.add(Steps.backup(node, to, PREPARE + " (a backup before each node's upgrade)"));
      }
      return steps;
    }

    // How each database is backed up is its pack's wording; all carry one label, so the install
    // guard can ask for a consistent set.
    private Step fullBackup(Component db) {
      Database d = l.database(db);
      return Step.builder(
              d.id(db.name()),
              d.title(db.name()),
              Action.once(Verb.BACKUP, db.name(), Map.of("label", fullLabel(), "mode", "full")))
          .goal(new Condition.BackupTaken(db.name(), fullLabel()))
          .verify(new Condition.BackupTaken(db.name(), fullLabel()))
          .source(PREPARE + " (" + d.source() + ")")
          .build();
    }

    List<Step> uncluster() {
      Component mss = l.resource();
      Component primary = l.primary();
      List<Step> steps = new ArrayList<>();
      List<String> dependents = l.dependents().stream().map(Component::name).toList();
      steps.add(
          Step.builder(
                  "offline-" + mss.name(),
                  "Take the clustered resource " + mss.name() + " offline",
                  Action.idempotent(Verb.CLUSTER_OFFLINE, mss.name(), Map.of()))
              .goal(clusterState(mss, "offline"))
              .guards(
                  new DependentsQuiesced(dependents), new SecretBackedUp(mss.name(), secretLabel()))
              .verify(
                  Condition.all(
                      clusterState(mss, "offline"),
                      new Condition.ServiceIs(mss.name(), ServiceState.STOPPED)))
              .undo(
                  Action.idempotent(
                      Verb.CLUSTER_ONLINE, mss.name(), Map.of("node", primary.name())))
              .source(unclusterSection() + " (offline the clustered resource)")
              .build());
      steps.add(
          setMaster(
              primary,
              primary,
              "Make " + primary.name() + " the master secret server instead of " + mss.name(),
              mss,
              unclusterSection() + " (move the master secret server to the primary node)"));
      steps.addAll(
          scmRestart(primary, unclusterSection() + " (restart " + product + " through the SCM)"));
      for (Component other : l.others()) {
        steps.add(
            setMaster(
                other,
                primary,
                "Demote " + other.name() + " to a slave of " + primary.name(),
                mss,
                unclusterSection() + " (point the secondary node at the primary)"));
        steps.addAll(
            scmRestart(other, unclusterSection() + " (restart the demoted node through the SCM)"));
      }
      return steps;
    }

    List<Step> upgrades() {
      List<Guard> shared =
          List.of(
              new Unclustered(l.resource().name()),
              new ConsistentBackup(
                  l.databases().stream().map(Component::name).toList(), fullLabel()));
      List<Step> steps = new ArrayList<>();
      for (Component node : l.nodes()) {
        List<Guard> guards = new ArrayList<>(List.of(new BackupExists(node.name())));
        guards.addAll(shared);
        steps.add(Steps.install(node, to, UPGRADE).guards(guards).build());
      }
      return steps;
    }

    List<Step> recluster() {
      Component mss = l.resource();
      Component primary = l.primary();
      List<Step> steps = new ArrayList<>();
      steps.add(
          setMaster(
              primary,
              mss,
              "Make " + primary.name() + " reference the cluster name " + mss.name() + " again",
              primary,
              reclusterSection() + " (move the master secret server back to the cluster)"));
      steps.add(
          Step.builder(
                  "online-" + mss.name(),
                  "Bring " + mss.name() + " online on " + primary.name(),
                  Action.idempotent(
                      Verb.CLUSTER_ONLINE, mss.name(), Map.of("node", primary.name())))
              .goal(online(mss, primary))
              .verify(online(mss, primary))
              .undo(Action.idempotent(Verb.CLUSTER_OFFLINE, mss.name(), Map.of()))
              .source(reclusterSection() + " (bring the resource online on the primary node)")
              .build());
      for (Component other : l.others()) {
        steps.add(
            setMaster(
                other,
                mss,
                "Promote "
                    + other.name()
                    + " to a master secret server of "
                    + mss.name()
                    + " again",
                primary,
                reclusterSection() + " (promote the other node)"));
      }
      return steps;
    }

    // Every other node first, the primary last, so the cluster ends where it started.
    List<Step> failovers() {
      List<Component> order = new ArrayList<>(l.others());
      order.add(l.primary());
      List<Step> steps = new ArrayList<>();
      for (Component node : order) {
        steps.add(failover(node));
      }
      return steps;
    }

    private Step failover(Component node) {
      Component mss = l.resource();
      return Step.builder(
              "failover-to-" + node.name(),
              "Fail "
                  + mss.name()
                  + " over to "
                  + node.name()
                  + " and check "
                  + product
                  + " answers there",
              Action.once(Verb.FAILOVER, node.name(), Map.of("resource", mss.name())))
          .guards(new AtVersion(node.name(), to), new MasterSecretServer(node.name(), mss.name()))
          .verify(
              Condition.all(
                  online(mss, node), new Condition.ServiceIs(node.name(), ServiceState.RUNNING)))
          .source(TEST)
          .build();
    }

    List<Step> restoreDependents() {
      List<Component> reverse = new ArrayList<>(l.dependents());
      java.util.Collections.reverse(reverse);
      List<Step> steps = new ArrayList<>();
      for (Component c : reverse) {
        steps.add(
            Step.builder(
                    l.dependent(c).startId(c.name()),
                    l.dependent(c).startTitle(c.name()),
                    Action.idempotent(Verb.START, c.name(), Map.of()))
                .goal(new Condition.ServiceIs(c.name(), ServiceState.RUNNING))
                .verify(new Condition.ServiceIs(c.name(), ServiceState.RUNNING))
                .source(PREPARE + " (dependents back, in reverse order)")
                .build());
      }
      return steps;
    }

    private static Step setMaster(
        Component node, Component master, String title, Component was, String source) {
      String property = Property.MASTER.of(node.name());
      return Step.builder(
              "set-master-" + node.name() + "-to-" + master.name(),
              title,
              Action.idempotent(Verb.SET_MASTER, node.name(), Map.of("master", master.name())))
          .goal(new Condition.PropertyIs(property, master.name()))
          .verify(new Condition.PropertyIs(property, master.name()))
          .undo(Action.idempotent(Verb.SET_MASTER, node.name(), Map.of("master", was.name())))
          .source(source)
          .build();
    }

    // Through the service control manager, not the cluster: the resource is offline.
    private List<Step> scmRestart(Component node, String source) {
      return List.of(
          Step.builder(
                  "scm-stop-" + node.name(),
                  "Stop " + product + " on " + node.name() + " through the service control manager",
                  Action.idempotent(Verb.STOP, node.name(), Map.of()))
              .verify(new Condition.ServiceIs(node.name(), ServiceState.STOPPED))
              .undo(Action.idempotent(Verb.START, node.name(), Map.of()))
              .source(source)
              .build(),
          Step.builder(
                  "scm-start-" + node.name(),
                  "Start "
                      + product
                      + " on "
                      + node.name()
                      + " through the service control manager",
                  Action.idempotent(Verb.START, node.name(), Map.of()))
              .goal(new Condition.ServiceIs(node.name(), ServiceState.RUNNING))
              .verify(new Condition.ServiceIs(node.name(), ServiceState.RUNNING))
              .source(source)
              .build());
    }

    private static Condition clusterState(Component resource, String state) {
      return new Condition.PropertyIs(Property.CLUSTER_STATE.of(resource.name()), state);
    }

    /** The resource is online, owned by {@code node}, and {@code node} holds the active role. */
    private static Condition online(Component resource, Component node) {
      return Condition.all(
          clusterState(resource, "online"),
          new Condition.ServiceIs(resource.name(), ServiceState.RUNNING),
          new Condition.PropertyIs(Property.OWNER.of(resource.name()), node.name()),
          new Condition.RoleIs(node.name(), "active"));
    }
  }
}
