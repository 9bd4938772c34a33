package dev.baton.strategy.splitside;

import static dev.baton.strategy.splitside.SplitSideStrategy.SEED;

import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.guard.StoppedFirst;
import dev.baton.model.Component;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.strategy.Steps;
import dev.baton.strategy.splitside.Layout.SideParts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What happens to one side's services around its upgrade: stopped in reverse component order, their
 * old software removed, started and verified; plus what side B does on its own while split.
 */
final class SideSteps {
  private SideSteps() {}

  static List<Step> stop(Layout l, SideParts side) {
    List<Step> steps = new ArrayList<>();
    List<Component> services = new ArrayList<>(side.services());
    Collections.reverse(services);
    for (Component c : services) {
      steps.add(
          Steps.stop(c, SEED + " (" + l.words().stopServicesOnSide() + " " + side.name() + ")"));
    }
    return steps;
  }

  /** The first removal is the side's point of no return: the old version never comes back. */
  static List<Step> uninstall(Layout l, SideParts side) {
    List<Step> steps = new ArrayList<>();
    for (Component c : side.installed()) {
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
                        + side.name()
                        + "; it comes back only as "
                        + l.to()));
      }
      steps.add(s.build());
    }
    return steps;
  }

  /** Start the services (the databases never stopped), then check every component of the side. */
  static List<Step> startAndVerify(Layout l, SideParts side) {
    List<Step> steps = new ArrayList<>();
    List<Condition> all = new ArrayList<>();
    String source = SEED + " (" + l.words().startServices() + ")";
    for (Component c : side.components()) {
      if (!side.databases().contains(c)) {
        steps.add(Steps.start(c, source));
      }
      if (c.version() != null) {
        all.add(new Condition.VersionIs(c.name(), l.to()));
      }
      all.add(new Condition.ServiceIs(c.name(), ServiceState.RUNNING));
    }
    steps.add(
        Step.builder(
                "verify-side-" + side.id(),
                "Verify every component of side " + side.name() + " runs " + l.to(),
                Action.check(side.primaryDatabase().name()))
            .verify(new Condition.AllOf(all))
            .source(source)
            .build());
    return steps;
  }

  /** Seed 002: once side A runs the new version, side B provisions and imports on its own. */
  static Step independentProvisioning(SideParts b) {
    Component bDb = b.primaryDatabase();
    return Step.builder(
            "independent-provisioning-" + bDb.name(),
            "Let side "
                + b.name()
                + " provision and import on its own while the sides are apart ("
                + bDb.name()
                + ")",
            Action.idempotent(Verb.ENABLE_PROVISIONING, bDb.name(), Map.of()))
        .goal(new Condition.PropertyIs(Property.PROVISIONING.of(bDb.name()), "independent"))
        .verify(new Condition.PropertyIs(Property.PROVISIONING.of(bDb.name()), "independent"))
        .source(SEED + " (update side B to enable provisioning and import)")
        .build();
  }

  /** Side B's changes made while split, listed once it has stopped changing and before any loss. */
  static Step listChanges(Layout l) {
    Component bDb = l.b().primaryDatabase();
    return Step.builder(
            "list-changes-" + bDb.name(),
            "List the changes made on "
                + bDb.name()
                + " while side "
                + l.b().name()
                + " ran alone; they are discarded when side "
                + l.a().name()
                + "'s data replaces them",
            Action.idempotent(Verb.LIST_CHANGES, bDb.name(), Map.of()))
        .source(SEED + " (overview: side B's changes made while split are not carried over)")
        .build();
  }
}
