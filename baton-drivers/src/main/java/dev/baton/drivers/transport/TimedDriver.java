package dev.baton.drivers.transport;

import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Adds to every action's result how long it spent in commands on nodes, and how many it ran ({@link
 * ResultKey#REMOTE_MS}, {@link ResultKey#REMOTE_COMMANDS}), so that a report shows per step what
 * remote round trips cost. Everything else goes to the driver it wraps.
 */
public final class TimedDriver implements Driver {

  private final Driver inner;
  private final CommandClock clock;

  public TimedDriver(Driver inner, CommandClock clock) {
    this.inner = inner;
    this.clock = clock;
  }

  /** The clock of the transports the wrapped driver uses. */
  public CommandClock clock() {
    return clock;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Set<Verb> verbs() {
    return inner.verbs();
  }

  @Override
  public Optional<String> unsupported(Topology topology, Action action) {
    return inner.unsupported(topology, action);
  }

  @Override
  public Facts observe(Topology topology, Collection<String> actionKeys) throws DriverException {
    return inner.observe(topology, actionKeys);
  }

  @Override
  public Facts observe(
      Topology topology, dev.baton.engine.Scope scope, Collection<String> actionKeys)
      throws DriverException {
    return inner.observe(topology, scope, actionKeys);
  }

  @Override
  public java.util.List<dev.baton.engine.CheckLine> check(Topology topology)
      throws DriverException {
    return inner.check(topology);
  }

  @Override
  public ActionResult act(Topology topology, Action action, String actionKey)
      throws DriverException {
    CommandClock.Reading before = clock.thisThread();
    ActionResult r = inner.act(topology, action, actionKey);
    CommandClock.Reading spent = clock.thisThread().minus(before);
    return r.with(ResultKey.REMOTE_MS, spent.millis())
        .with(ResultKey.REMOTE_COMMANDS, spent.commands());
  }

  @Override
  public boolean safeToRepeat(Action action) {
    return inner.safeToRepeat(action);
  }

  @Override
  public void close() {
    inner.close();
  }
}
