package dev.baton.strategy.splitside;

import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.guard.BackupExists;
import dev.baton.guard.LinkSynced;
import dev.baton.guard.StoppedFirst;
import dev.baton.model.Component;
import dev.baton.model.Node;
import dev.baton.model.ReplicationLink;
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
import dev.baton.strategy.PlanningException;
import dev.baton.strategy.Steps;
import dev.baton.strategy.Strategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Seed 002's split-side upgrade of a two-sided system with bidirectional replication: side A is
 * upgraded while side B serves alone, then side B, then replication is rebuilt with side A's data
 * winning. While the sides are apart, every node's failover connections are pinned to its own side.
 * Side B's changes made while split are listed before they are discarded, and if the split lasted a
 * day or more, side A's backup is restored onto side B instead of upgrading B's database.
 *
 * <p>The replicated databases (the ends of the replication links) stay online throughout; every
 * other component is stopped, uninstalled and installed again in component order. A component whose
 * {@code passphraseSecret} property names a secret is installed only with the passphrase it was
 * first installed with.
 */
public final class SplitSideStrategy implements Strategy {

  static final String SEED = "seed 002 split side";

  /** How long a split may last before side B takes side A's backup instead of an upgrade. */
  public static final long RESTORE_AFTER_HOURS = 24;

  /** The component property naming the secret that holds the installer's passphrase. */
  public static final String PASSPHRASE_SECRET = "passphraseSecret";

  @Override
  public String name() {
    return "split-side";
  }

  @Override
  public String summary() {
    return "side A upgraded while side B serves alone with failover pinned, then side B;"
        + " replication rebuilt with side A's data winning";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    if (goal.targetVersion() == null) {
      throw new PlanningException("split-side needs a target version (--to)");
    }
    List<Side> sides = t.sidesInOrder().stream().filter(s -> has(t, s)).toList();
    if (sides.size() != 2) {
      throw new PlanningException(
          "split-side needs exactly two sides with components; "
              + t.system()
              + " has "
              + sides.size()
              + "; use full-stop");
    }
    List<ReplicationLink> links = new ArrayList<>(t.links());
    links.sort(Comparator.comparingInt(ReplicationLink::order));
    if (links.isEmpty()) {
      throw new PlanningException(
          "split-side splits the replication between the sides, but "
              + t.system()
              + " declares none; use primary-first or full-stop");
    }
    return new Builder(t, facts, goal, sides.get(0).name(), sides.get(1).name(), links).build();
  }

  private static boolean has(Topology t, Side s) {
    return !t.componentsOnSide(s.name()).isEmpty();
  }

  /** Builds one plan; holds the topology and the two sides' names. */
  private static final class Builder {
    private final Topology t;
    private final Facts facts;
    private final Goal goal;
    private final Version to;
    private final String a;
    private final String b;
    private final List<ReplicationLink> links;
    private final Set<String> databases = new TreeSet<>();

    Builder(Topology t, Facts facts, Goal goal, String a, String b, List<ReplicationLink> links) {
      this.t = t;
      this.facts = facts;
      this.goal = goal;
      this.to = goal.targetVersion();
      this.a = a;
      this.b = b;
      this.links = links;
      for (ReplicationLink l : links) {
        databases.add(l.from());
        databases.add(l.to());
      }
    }

    Plan build() throws PlanningException {
      List<Phase> phases = new ArrayList<>();
      phases.add(new Phase("preflight", preflight()));
      phases.add(new Phase(a + ": stop", stop(a)));
      phases.add(new Phase("split the sides", split()));
      phases.add(new Phase("back up both sides", backups("split")));
      phases.add(new Phase(a + ": remove the old software", uninstall(a)));
      phases.add(new Phase(a + ": upgrade", upgrade(a, false)));
      phases.add(new Phase(a + ": start and verify", startAndVerify(a)));
      phases.add(new Phase(b + ": stop and list its changes", stopAndList()));
      phases.add(new Phase("back up both sides again", backups("rejoin")));
      phases.add(new Phase(b + ": remove the old software", uninstall(b)));
      phases.add(new Phase(b + ": upgrade or restore", upgrade(b, true)));
      phases.add(new Phase("rejoin the sides", rejoin()));
      phases.add(new Phase(b + ": start and verify", startAndVerify(b)));
      phases.add(new Phase("verify both directions", verifyBothWays()));
      Plan draft = new Plan(t.system(), "split-side", goal, phases, List.of());
      return new Plan(t.system(), "split-side", goal, phases, notes(draft));
    }

    // ---- notes: what an operator must know before choosing this strategy ----

    private List<String> notes(Plan draft) {
      List<Step> steps = draft.steps();
      ReplicationLink first = links.get(0);
      String window =
          String.format(
              "single-sided window: side %s serves alone from step %d (%s) until step %d (%s);"
                  + " seed 002 prefers full-stop, since rebuilding replication loses side %s's"
                  + " changes",
              b,
              number(steps, "unreplicate-" + first.name()),
              "remove replication " + first.name(),
              number(steps, "rereplicate-" + links.get(links.size() - 1).name()),
              "replication rebuilt",
              b);
      String pins =
          String.format(
              "forced failover: steps %s pin every node's failover connections to its own side;"
                  + " steps %s remove the pins just before replication is rebuilt",
              range(steps, "pin-failover-"), range(steps, "unpin-failover-"));
      String wins =
          String.format(
              "data: side %s's data wins; step %d lists the changes made on side %s while split;"
                  + " they are discarded at step %d (restore) or step %d (replication rebuilt)",
              a,
              number(steps, "list-changes-" + primaryDatabase(b).name()),
              b,
              number(steps, "restore-" + primaryDatabase(b).name()),
              number(steps, "rereplicate-" + links.get(links.size() - 1).name()));
      Component bDb = primaryDatabase(b);
      // What side B has changed so far, where the driver can tell (a split already under way).
      wins +=
          facts
              .property(Property.SPLIT_CHANGES.of(bDb.name()))
              .map(list -> "; side " + b + "'s changes so far: " + list)
              .orElse("");
      String restore =
          String.format(
              "restore rule: if the sides have been split for %d h or more when step %d runs, it"
                  + " restores %s's backup onto %s instead of upgrading %s's database (step %d"
                  + " then finds it done); otherwise step %d is skipped",
              RESTORE_AFTER_HOURS,
              number(steps, "restore-" + bDb.name()),
              primaryDatabase(a).name(),
              bDb.name(),
              bDb.name(),
              number(steps, "upgrade-" + bDb.name()),
              number(steps, "restore-" + bDb.name()));
      String ponr =
          "points of no return: steps "
              + steps.stream()
                  .filter(Step::pointOfNoReturn)
                  .map(s -> String.valueOf(steps.indexOf(s) + 1))
                  .collect(Collectors.joining(", "));
      return List.of(window, pins, wins, restore, ponr);
    }

    private static int number(List<Step> steps, String id) {
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i).id().equals(id)) {
          return i + 1;
        }
      }
      throw new IllegalStateException("split-side plan lacks step " + id);
    }

    private static String range(List<Step> steps, String prefix) {
      List<Integer> n = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i).id().startsWith(prefix)) {
          n.add(i + 1);
        }
      }
      return n.isEmpty() ? "(none)" : n.get(0) + "-" + n.get(n.size() - 1);
    }

    // ---- the phases ----

    private List<Step> preflight() {
      List<Step> steps = new ArrayList<>();
      List<Guard> guards = new ArrayList<>();
      for (ReplicationLink l : links) {
        guards.add(new LinkSynced(l.key()));
      }
      guards.addAll(passphraseGuards(t.components()));
      steps.add(
          Step.builder(
                  "preflight",
                  "Check that the sides are in sync and every installer passphrase is the"
                      + " original one",
                  Action.check(primaryDatabase(a).name()))
              .guards(guards)
              .gate(
                  Gate.confirm(
                      "split-side upgrade of "
                          + t.system()
                          + ": side "
                          + b
                          + " serves alone while side "
                          + a
                          + " is upgraded, and side "
                          + b
                          + "'s changes made meanwhile are lost when replication is rebuilt;"
                          + " seed 002 prefers a full stop"))
              .source(SEED + " (overview: the passphrase note and the data-loss warning)")
              .build());
      return steps;
    }

    private Condition synced() {
      List<Condition> all = new ArrayList<>();
      for (ReplicationLink l : links) {
        all.add(new Condition.LinkIs(l.key(), LinkState.SYNCED));
      }
      return new Condition.AllOf(all);
    }

    private List<Guard> passphraseGuards(List<Component> components) {
      List<Guard> guards = new ArrayList<>();
      for (Component c : components) {
        guards.addAll(Steps.passphrase(c));
      }
      return guards;
    }

    private List<Step> stop(String side) {
      List<Step> steps = new ArrayList<>();
      List<Component> services = new ArrayList<>(services(side));
      Collections.reverse(services);
      for (Component c : services) {
        steps.add(Steps.stop(c, SEED + " (stop every CCMP service on side " + side + ")"));
      }
      return steps;
    }

    private List<Step> split() {
      List<Step> steps = new ArrayList<>();
      for (ReplicationLink l : links) {
        Step.Builder s =
            Step.builder(
                    "unreplicate-" + l.name(),
                    "Remove replication " + l.name() + " (" + l.endpoints() + ")",
                    Action.once(Verb.REMOVE_REPLICATION, l.name(), Map.of()))
                .goal(new Condition.LinkIs(l.key(), LinkState.REMOVED))
                .verify(new Condition.LinkIs(l.key(), LinkState.REMOVED))
                .source(SEED + " (remove replication, " + ordinal(l) + " in the documented order)");
        if (steps.isEmpty()) {
          s.guards(new LinkSynced(l.key()))
              .pointOfNoReturn()
              .gate(
                  Gate.confirm(
                      "remove replication between sides "
                          + a
                          + " and "
                          + b
                          + "; from here the sides diverge until side "
                          + a
                          + "'s data replaces side "
                          + b
                          + "'s"));
        }
        steps.add(s.build());
      }
      for (Node n : nodesInOrder()) {
        Map<String, String> entries = pins(n);
        if (entries.isEmpty()) {
          continue;
        }
        String text =
            entries.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        steps.add(
            Step.builder(
                    "pin-failover-" + n.name(),
                    "Pin the failover connections of "
                        + n.name()
                        + " to side "
                        + n.side()
                        + " (hosts entries "
                        + text
                        + ")",
                    Action.idempotent(Verb.PIN_FAILOVER, n.name(), Map.of("entries", text)))
                .goal(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n.name()), "yes"))
                .verify(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n.name()), "yes"))
                .undo(Action.idempotent(Verb.UNPIN_FAILOVER, n.name(), Map.of()))
                .source(SEED + " (force connection failover to the active side)")
                .build());
      }
      return steps;
    }

    private String ordinal(ReplicationLink l) {
      int i = links.indexOf(l) + 1;
      return i == 1 ? "first" : i == 2 ? "second" : i + "th";
    }

    /**
     * The hosts entries that keep a node's failover on its own side: each node of the other side is
     * named with the address of its counterpart on this side, or loopback for the node itself.
     */
    private Map<String, String> pins(Node n) {
      Map<String, String> entries = new LinkedHashMap<>();
      String other = n.side().equals(a) ? b : a;
      for (Node o : nodesOn(other)) {
        counterpartNode(o, n.side())
            .ifPresent(
                mine ->
                    entries.put(
                        hostName(o), mine.name().equals(n.name()) ? "127.0.0.1" : hostName(mine)));
      }
      return entries;
    }

    private static String hostName(Node n) {
      return n.host() == null || n.host().isBlank() ? n.name() : n.host();
    }

    /** The node on {@code side} whose first component has the kind of {@code o}'s first one. */
    private Optional<Node> counterpartNode(Node o, String side) {
      Optional<String> kind = firstComponent(o).map(Component::kind);
      if (kind.isEmpty()) {
        return Optional.empty();
      }
      return nodesOn(side).stream()
          .filter(n -> firstComponent(n).map(Component::kind).equals(kind))
          .findFirst();
    }

    private Optional<Component> firstComponent(Node n) {
      return t.components().stream()
          .filter(c -> c.node().equals(n.name()))
          .min(Comparator.comparingInt(Component::order));
    }

    private List<Node> nodesOn(String side) {
      return t.nodes().stream().filter(n -> n.side().equals(side)).toList();
    }

    private List<Node> nodesInOrder() {
      List<Node> out = new ArrayList<>(nodesOn(a));
      out.addAll(nodesOn(b));
      return out;
    }

    private List<Step> backups(String when) {
      List<Step> steps = new ArrayList<>();
      String source =
          when.equals("split")
              ? SEED + " (back up the Portal and report server databases of both sides)"
              : SEED + " (side B procedure: back up both sides' databases again)";
      for (String side : List.of(a, b)) {
        for (Component c : databasesOn(side)) {
          String label = label(c, when);
          steps.add(
              Step.builder(
                      "backup-" + c.name() + "-" + when,
                      "Back up " + c.name() + " as " + label + " and verify the backup",
                      Action.once(Verb.BACKUP, c.name(), Map.of("label", label)))
                  .goal(new Condition.BackupTaken(c.name(), label))
                  .verify(new Condition.BackupTaken(c.name(), label))
                  .parallel("backups-" + when, 2)
                  .source(source)
                  .build());
        }
      }
      return steps;
    }

    private String label(Component c, String when) {
      return when + "-" + to + "-" + c.name();
    }

    private List<Step> uninstall(String side) {
      List<Step> steps = new ArrayList<>();
      for (Component c : services(side)) {
        Step.Builder s =
            Step.builder(
                    "uninstall-" + c.name(),
                    "Remove the " + c.version() + " software from " + c.name(),
                    Action.idempotent(Verb.UNINSTALL, c.name(), Map.of()))
                .goal(new Condition.PropertyIs(Property.INSTALLED.of(c.name()), "no"))
                .verify(new Condition.PropertyIs(Property.INSTALLED.of(c.name()), "no"))
                .guards(new StoppedFirst(c.name()))
                .source(SEED + " (uninstall the existing components in the documented order)");
        if (steps.isEmpty()) {
          s.pointOfNoReturn()
              .gate(
                  Gate.confirm(
                      "remove the "
                          + c.version()
                          + " software from side "
                          + side
                          + "; it comes back only as "
                          + to));
        }
        steps.add(s.build());
      }
      return steps;
    }

    private List<Step> upgrade(String side, boolean sideB) {
      List<Step> steps = new ArrayList<>();
      String source = SEED + " (upgrade the Portal database, then install the other components)";
      for (Component db : databasesOn(side)) {
        if (sideB) {
          steps.add(restore(db));
        }
        Step.Builder s =
            Steps.install(db, to, source)
                .guards(withPassphrase(db, new BackupExists(db.name())))
                .gate(
                    Gate.confirm(
                        "upgrade the database "
                            + db.name()
                            + " to "
                            + to
                            + "; the old version comes back only from its backup"));
        steps.add(s.build());
      }
      for (Component c : services(side)) {
        steps.add(
            Step.builder(
                    "upgrade-" + c.name(),
                    "Install " + to + " on " + c.name(),
                    Action.once(Verb.INSTALL, c.name(), Map.of("version", to.text())))
                .goal(new Condition.VersionIs(c.name(), to))
                .guards(withPassphrase(c))
                .verify(
                    Condition.all(
                        new Condition.VersionIs(c.name(), to),
                        new Condition.ServiceIs(c.name(), ServiceState.RUNNING)))
                .source(source)
                .build());
      }
      return steps;
    }

    private List<Guard> withPassphrase(Component c, Guard... more) {
      List<Guard> guards = new ArrayList<>(List.of(more));
      guards.addAll(passphraseGuards(List.of(c)));
      return guards;
    }

    // Seed 002: after a day or more apart, side B takes side A's latest backup instead.
    private Step restore(Component bDb) {
      Component aDb = counterpartDatabase(bDb);
      String label = label(aDb, "rejoin");
      String restored = aDb.name() + ":" + label;
      ReplicationLink first = links.get(0);
      Condition apart = new Condition.SplitFor(first.key(), RESTORE_AFTER_HOURS);
      return Step.builder(
              "restore-" + bDb.name(),
              "If the sides were split for "
                  + RESTORE_AFTER_HOURS
                  + " h or more, restore "
                  + aDb.name()
                  + "'s backup "
                  + label
                  + " onto "
                  + bDb.name()
                  + " instead of upgrading it",
              Action.once(
                  Verb.RESTORE_BACKUP, bDb.name(), Map.of("from", aDb.name(), "label", label)))
          .goal(
              new Condition.AnyOf(
                  List.of(
                      new Condition.Not(apart),
                      new Condition.PropertyIs(Property.RESTORED_FROM.of(bDb.name()), restored))))
          .guards(new BackupExists(aDb.name()))
          .verify(new Condition.PropertyIs(Property.RESTORED_FROM.of(bDb.name()), restored))
          .destructive()
          .pointOfNoReturn()
          .gate(
              Gate.confirm(
                  "replace "
                      + bDb.name()
                      + " with "
                      + aDb.name()
                      + "'s backup; side "
                      + b
                      + "'s changes listed earlier are discarded"))
          .source(SEED + " (restore side A's backup on side B after a day or more single-sided)")
          .build();
    }

    private List<Step> startAndVerify(String side) {
      List<Step> steps = new ArrayList<>();
      List<Condition> all = new ArrayList<>();
      String source = SEED + " (start the CCMP services and check that they run)";
      for (Component c : sideComponents(side)) {
        if (!databases.contains(c.name())) {
          steps.add(Steps.start(c, source));
        }
        all.add(new Condition.VersionIs(c.name(), to));
        all.add(new Condition.ServiceIs(c.name(), ServiceState.RUNNING));
      }
      Step.Builder verify =
          Step.builder(
                  "verify-side-" + side.toLowerCase(Locale.ROOT),
                  "Verify every component of side " + side + " runs " + to,
                  Action.check(primaryDatabase(side).name()))
              .verify(new Condition.AllOf(all))
              .source(source);
      steps.add(verify.build());
      if (side.equals(a)) {
        Component bDb = primaryDatabase(b);
        steps.add(
            Step.builder(
                    "independent-provisioning-" + bDb.name(),
                    "Let side "
                        + b
                        + " provision and import on its own while the sides are apart ("
                        + bDb.name()
                        + ")",
                    Action.idempotent(Verb.ENABLE_PROVISIONING, bDb.name(), Map.of()))
                .goal(new Condition.PropertyIs(Property.PROVISIONING.of(bDb.name()), "independent"))
                .verify(
                    new Condition.PropertyIs(Property.PROVISIONING.of(bDb.name()), "independent"))
                .source(SEED + " (update side B to enable provisioning and import)")
                .build());
      }
      return steps;
    }

    private List<Step> stopAndList() {
      List<Step> steps = new ArrayList<>(stop(b));
      Component bDb = primaryDatabase(b);
      steps.add(
          Step.builder(
                  "list-changes-" + bDb.name(),
                  "List the changes made on "
                      + bDb.name()
                      + " while side "
                      + b
                      + " ran alone; they are discarded when side "
                      + a
                      + "'s data replaces them",
                  Action.idempotent(Verb.LIST_CHANGES, bDb.name(), Map.of()))
              .source(SEED + " (overview: side B's changes made while split are not carried over)")
              .build());
      return steps;
    }

    private List<Step> rejoin() {
      List<Step> steps = new ArrayList<>();
      for (Node n : nodesInOrder()) {
        if (pins(n).isEmpty()) {
          continue;
        }
        steps.add(
            Step.builder(
                    "unpin-failover-" + n.name(),
                    "Remove the failover pins (hosts entries) from " + n.name(),
                    Action.idempotent(Verb.UNPIN_FAILOVER, n.name(), Map.of()))
                .goal(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n.name()), "no"))
                .verify(new Condition.PropertyIs(Property.FAILOVER_PINNED.of(n.name()), "no"))
                .source(SEED + " (remove the hosts entries, then reinitialise replication)")
                .build());
      }
      for (int i = links.size() - 1; i >= 0; i--) {
        ReplicationLink l = links.get(i);
        Step.Builder s =
            Step.builder(
                    "rereplicate-" + l.name(),
                    "Rebuild replication " + l.name() + " from side " + a + "'s data",
                    Action.once(
                        Verb.REBUILD_REPLICATION,
                        l.name(),
                        Map.of("winner", sideOf(l.from()).equals(a) ? l.from() : l.to())))
                .goal(new Condition.LinkIs(l.key(), LinkState.SYNCED))
                .guards(new BackupExists(l.from()), new BackupExists(l.to()))
                .verify(new Condition.LinkIs(l.key(), LinkState.SYNCED))
                .destructive()
                .source(SEED + " (reinitialise replication, in the reverse order of its removal)");
        if (steps.stream().noneMatch(Step::pointOfNoReturn)) {
          s.pointOfNoReturn()
              .gate(
                  Gate.confirm(
                      "rebuild replication from side "
                          + a
                          + "; side "
                          + b
                          + "'s data and the changes listed earlier are replaced"));
        }
        steps.add(s.build());
      }
      return steps;
    }

    private List<Step> verifyBothWays() {
      String source = SEED + " (upgrade verification: both directions and the upstream import)";
      Component aDb = primaryDatabase(a);
      Component bDb = primaryDatabase(b);
      List<Step> steps = new ArrayList<>();
      steps.add(
          probe(
              "verify-" + a.toLowerCase(Locale.ROOT) + "-to-" + b.toLowerCase(Locale.ROOT),
              "Create an object on side " + a + " and find it on side " + b,
              aDb,
              "create-on-" + aDb.name() + "-find-on-" + bDb.name(),
              source));
      steps.add(
          probe(
              "verify-" + b.toLowerCase(Locale.ROOT) + "-to-" + a.toLowerCase(Locale.ROOT),
              "Create an object on side " + b + " and find it on side " + a,
              bDb,
              "create-on-" + bDb.name() + "-find-on-" + aDb.name(),
              source));
      steps.add(
          probe(
              "verify-upstream-import",
              "Create an object in the upstream system and find it on both sides",
              aDb,
              "import-upstream-find-on-both",
              source));
      return steps;
    }

    private Step probe(String id, String title, Component on, String probe, String source) {
      return Step.builder(
              id, title, Action.idempotent(Verb.CHECK, on.name(), Map.of("probe", probe)))
          .verify(synced())
          .source(source)
          .build();
    }

    // ---- the topology, sorted ----

    private List<Component> sideComponents(String side) {
      List<Component> on = new ArrayList<>(t.componentsOnSide(side));
      on.sort(Comparator.comparingInt(Component::order));
      return on;
    }

    /** The side's components other than its replicated databases, in component order. */
    private List<Component> services(String side) {
      return sideComponents(side).stream().filter(c -> !databases.contains(c.name())).toList();
    }

    private List<Component> databasesOn(String side) {
      return sideComponents(side).stream().filter(c -> databases.contains(c.name())).toList();
    }

    private Component primaryDatabase(String side) {
      List<Component> dbs = databasesOn(side);
      if (dbs.isEmpty()) {
        throw new IllegalStateException("side " + side + " has no replicated database");
      }
      return dbs.get(0);
    }

    private Component counterpartDatabase(Component db) {
      for (ReplicationLink l : links) {
        if (l.to().equals(db.name())) {
          return t.requireComponent(l.from());
        }
        if (l.from().equals(db.name())) {
          return t.requireComponent(l.to());
        }
      }
      throw new IllegalStateException(db.name() + " is not replicated");
    }

    private String sideOf(String component) {
      Component c = t.requireComponent(component);
      return t.node(c.node()).map(Node::side).orElse("");
    }
  }
}
