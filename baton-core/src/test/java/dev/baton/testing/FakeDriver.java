package dev.baton.testing;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Facts;
import dev.baton.facts.LinkState;
import dev.baton.facts.ServiceState;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An in-memory driver for engine tests: it applies the verbs the core strategies emit to a fact
 * snapshot and logs every action. {@code knowsApplied} controls whether it reports applied(key).
 */
public class FakeDriver implements Driver {

  private Facts facts;
  private final List<String> log = new ArrayList<>();
  private final Set<String> appliedKeys = new HashSet<>();
  private final Set<String> failing = new HashSet<>();
  private Set<Verb> verbs = EnumSet.allOf(Verb.class);

  /** What every action of this driver reports as data: its target. */
  public static final ResultKey<String> ACTED_ON = ResultKey.text("actedOn");

  public boolean knowsApplied = true;
  public String evidence = "";

  public FakeDriver(Facts facts) {
    this.facts = facts;
  }

  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  public synchronized Facts facts() {
    return facts;
  }

  public synchronized void set(FactKind kind, String subject, Object value) {
    facts = facts.with(List.of(new Fact(kind, subject, value, "test", Instant.EPOCH)));
  }

  public synchronized void fail(String verbAndTarget) {
    failing.add(verbAndTarget);
  }

  @Override
  public synchronized Facts observe(Topology t, Collection<String> keys) {
    if (!knowsApplied) {
      return facts;
    }
    List<Fact> applied = new ArrayList<>();
    for (String k : keys) {
      applied.add(new Fact(FactKind.APPLIED, k, appliedKeys.contains(k), "test", Instant.EPOCH));
    }
    return facts.with(applied);
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Set<Verb> verbs() {
    return verbs;
  }

  /** Declares every verb but {@code lacking}, as a driver for another product would. */
  public FakeDriver without(Verb lacking) {
    verbs = EnumSet.complementOf(EnumSet.of(lacking));
    return this;
  }

  @Override
  public synchronized ActionResult act(Topology t, Action a, String key) throws DriverException {
    if (failing.contains(a.verb() + " " + a.target())) {
      throw new DriverException("injected failure of " + a.verb() + " " + a.target(), "exit 1");
    }
    log.add(a.verb() + " " + a.target());
    appliedKeys.add(key);
    switch (a.verb()) {
      case TAKEOVER -> {
        for (var c : t.components()) {
          if (c.roleGroup() != null && !c.name().equals(a.target())) {
            set(FactKind.ROLE, c.name(), "standby");
          }
        }
        set(FactKind.ROLE, a.target(), "active");
      }
      case INSTALL -> {
        set(FactKind.VERSION, a.target(), Version.parse(a.params().get("version")));
        set(FactKind.SERVICE, a.target(), ServiceState.RUNNING);
      }
      case STOP -> set(FactKind.SERVICE, a.target(), ServiceState.STOPPED);
      case START -> set(FactKind.SERVICE, a.target(), ServiceState.RUNNING);
      case BACKUP -> set(FactKind.BACKUP, a.target(), a.params().get("label"));
      case REDIRECT -> set(FactKind.POINTS_AT, a.target(), a.params().get("to"));
      case REMOVE_REPLICATION, REBUILD_REPLICATION -> {
        var link = t.links().stream().filter(l -> l.name().equals(a.target())).findFirst().get();
        set(
            FactKind.LINK,
            link.key(),
            a.verb() == Verb.REMOVE_REPLICATION ? LinkState.REMOVED : LinkState.SYNCED);
      }
      default -> {}
    }
    return new ActionResult(a.verb() + " " + a.target() + " done", evidence)
        .with(ACTED_ON, a.target());
  }
}
