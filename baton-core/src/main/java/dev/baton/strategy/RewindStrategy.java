package dev.baton.strategy;

import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.Property;
import dev.baton.facts.ServiceState;
import dev.baton.guard.DataNewness;
import dev.baton.guard.HasRole;
import dev.baton.guard.WalArchived;
import dev.baton.invariant.Bytes;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Condition;
import dev.baton.plan.Gate;
import dev.baton.plan.Goal;
import dev.baton.plan.Phase;
import dev.baton.plan.Plan;
import dev.baton.plan.Step;
import dev.baton.plan.Verb;
import dev.baton.roles.RoleModel;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data rewind (seed 004) onto a copy: recover the newest verified base backup taken before a
 * bookmark, from the WAL archive, up to the bookmark, in a new data directory beside the primary's,
 * and verify it there while the system still serves. Only then, after a gate that says how much
 * data written after the bookmark is lost, fence the primary, make the copy its data (the old data
 * is kept aside), start it, move the entry points and rebuild the standby from it. Rewinding goes
 * one way: the point of no return is the swap.
 */
public final class RewindStrategy implements Strategy {

  private static final String SOURCE = "seed 004 data rewind";
  private static final DateTimeFormatter PG_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendPattern("[XXX][XX][X]")
          .toFormatter();

  @Override
  public String name() {
    return "rewind";
  }

  @Override
  public List<StrategyOption> options() {
    return List.of(
        StrategyOption.text("bookmark", "the bookmark to rewind to"),
        StrategyOption.text("bookmarkLsn", "the bookmark's WAL position, e.g. 0/3000060"),
        StrategyOption.text("bookmarkTime", "the bookmark's time (ISO-8601)"),
        StrategyOption.text("active", "the member that is active now, when the facts cannot tell"));
  }

  @Override
  public String summary() {
    return "point-in-time recovery to a bookmark onto a copy, then make the copy the primary";
  }

  @Override
  public Plan plan(Topology t, Facts facts, Goal goal) throws PlanningException {
    Map<String, String> options = new HashMap<>(goal.options());
    String bookmark = BookmarkStrategy.checkName(options.get("bookmark"));
    String lsn = options.get("bookmarkLsn");
    if (lsn == null || parseLsn(lsn) < 0) {
      throw new PlanningException(
          "the LSN of bookmark "
              + bookmark
              + " is not known; use `baton rewind`, which reads it"
              + " from the journal, or give --set bookmarkLsn=LSN");
    }
    RoleModel m = TakeoverStrategy.roleModel(t);
    Pair p = Pair.find(t, facts, m, options.get("active"));
    Component primary = p.active();
    Component standby = p.standby();
    options.put("active", primary.name());
    options.computeIfAbsent("loss", k -> loss(facts, primary.name(), options));
    String gate =
        "Rewinding "
            + primary.name()
            + " to bookmark "
            + bookmark
            + " loses every change written after it: "
            + options.get("loss")
            + ", and whatever is written until "
            + primary.name()
            + " is fenced. Its current data directory is kept aside, not deleted.";
    List<Phase> phases = new ArrayList<>();
    phases.add(
        new Phase(
            "copy",
            List.of(
                Step.builder(
                        "preflight",
                        "Check " + primary.name() + " is the primary and archives its WAL",
                        Action.check(primary.name()))
                    .guards(
                        new HasRole(primary.name(), m.activeRole()),
                        new WalArchived(primary.name()))
                    .source(SOURCE)
                    .build(),
                Step.builder(
                        "copy-" + primary.name(),
                        "Recover a copy of "
                            + primary.name()
                            + " to bookmark "
                            + bookmark
                            + " from its newest verified base backup before it and the WAL"
                            + " archive, in a new data directory; verify it",
                        Action.idempotent(
                            Verb.REWIND_COPY,
                            primary.name(),
                            Map.of("bookmark", bookmark, "lsn", lsn)))
                    .guards(new WalArchived(primary.name()))
                    .source(SOURCE)
                    .build())));
    phases.add(new Phase("make the copy the primary", activate(t, m, p, bookmark, gate)));
    List<String> notes =
        List.of(
            "the copy is built and verified while " + primary.name() + " still serves",
            gate,
            standby.name()
                + " is rebuilt from the rewound "
                + primary.name()
                + "; its old data directory is kept aside too");
    return new Plan(t.system(), name(), new Goal(goal.targetVersion(), options), phases, notes);
  }

  private static List<Step> activate(
      Topology t, RoleModel m, Pair p, String bookmark, String gate) {
    Component primary = p.active();
    Component standby = p.standby();
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.builder(
                "fence-" + primary.name(),
                "Fence " + primary.name() + ": fast shutdown, it accepts no more writes",
                Action.idempotent(Verb.FENCE, primary.name(), Map.of()))
            .goal(new Condition.ServiceIs(primary.name(), ServiceState.STOPPED))
            .verify(new Condition.ServiceIs(primary.name(), ServiceState.STOPPED))
            .undo(Action.idempotent(Verb.START, primary.name(), Map.of()))
            .gate(Gate.confirm(gate))
            .source(SOURCE)
            .build());
    steps.add(
        Step.builder(
                "swap-" + primary.name(),
                "Make the rewound copy the data directory of "
                    + primary.name()
                    + " and keep its current data aside",
                Action.once(Verb.REWIND_SWAP, primary.name(), Map.of("bookmark", bookmark)))
            .pointOfNoReturn()
            .source(SOURCE)
            .build());
    steps.add(
        Step.builder(
                "start-" + primary.name(),
                "Start " + primary.name() + " on the rewound data as the primary",
                Action.idempotent(Verb.START, primary.name(), Map.of()))
            .goal(new Condition.RoleIs(primary.name(), m.activeRole()))
            .verify(new Condition.RoleIs(primary.name(), m.activeRole()))
            .source(SOURCE)
            .build());
    steps.addAll(EntryPointSteps.switchAndVerify(t, standby, primary, "", SOURCE));
    Condition rebuilt =
        Condition.all(
            new Condition.RoleIs(standby.name(), m.passiveRole()),
            new Condition.LinkIs(p.link().key(), LinkState.SYNCED));
    steps.add(
        Step.builder(
                "rebuild-" + standby.name(),
                "Rebuild "
                    + standby.name()
                    + " from a base backup of the rewound "
                    + primary.name()
                    + " (its old data kept aside)",
                Action.once(Verb.REWIND_REBUILD, standby.name(), Map.of("primary", primary.name())))
            .verify(rebuilt)
            .source(SOURCE)
            .build());
    return steps;
  }

  /** What the rewind discards, as far as the facts at planning time tell. */
  static String loss(Facts facts, String primary, Map<String, String> options) {
    long from = parseLsn(options.get("bookmarkLsn"));
    Optional<Fact> now = facts.get(FactKind.PROPERTY, Property.LSN.of(primary));
    String bytes =
        now.map(f -> parseLsn((String) f.value()))
            .filter(to -> to >= from)
            .map(
                to ->
                    Bytes.human(to - from)
                        + " of WAL ("
                        + options.get("bookmarkLsn")
                        + " to "
                        + now.get().value()
                        + ")")
            .orElse("an unknown amount of WAL after " + options.get("bookmarkLsn"));
    String span =
        parseTime(options.getOrDefault("bookmarkTime", ""))
            .flatMap(
                at ->
                    now.map(
                        f ->
                            " written over "
                                + human(Duration.between(at, f.at()))
                                + " since "
                                + options.get("bookmarkTime")))
            .orElse("");
    return "at least " + bytes + span;
  }

  static Optional<Instant> parseTime(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text.strip(), PG_TIME).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(text.strip()));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return (s / 60) + " min";
    }
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }

  static long parseLsn(String text) {
    return text == null ? -1 : DataNewness.parseLsn(text);
  }
}
