package dev.baton.engine;

import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.util.Optional;
import java.util.Set;

/**
 * Observes a system and carries out actions on it. A driver never decides what to do next; the
 * engine does.
 */
public interface Driver extends AutoCloseable {

  /**
   * What the driver drives, for sentences: {@code sim}, {@code postgresql}, {@code pack <name>}.
   */
  String name();

  /** The verbs this driver carries out; the engine refuses a plan using any other before step 1. */
  Set<Verb> verbs();

  /**
   * Why this driver cannot carry out {@code action} on {@code topology}, or empty when it can. By
   * default it can do every verb it declares; a driver whose support depends on the target (a pack
   * gives commands per component kind) says more.
   */
  default Optional<String> unsupported(Topology topology, Action action) {
    return verbs().contains(action.verb())
        ? Optional.empty()
        : Optional.of("the " + name() + " driver does not carry out " + action.verb());
  }

  /**
   * Reads the current facts of every node, component, link and entry point. {@code actionKeys} are
   * the idempotency keys of actions whose outcome the engine needs to know; a driver that can tell
   * reports {@code applied(key)} for each, one that cannot leaves them out.
   */
  Facts observe(Topology topology, java.util.Collection<String> actionKeys) throws DriverException;

  /**
   * Reads the current facts of the part of the system {@code scope} covers, and the system-wide
   * ones (secret fingerprints) always; the engine observes one step's scope this way (ADR 0025).
   * More facts than the scope asks for are harmless, fewer are not: every part in it must be
   * reported as a whole-system observation would report it. By default a driver observes
   * everything, which suits drivers of a few servers.
   */
  default Facts observe(Topology topology, Scope scope, java.util.Collection<String> actionKeys)
      throws DriverException {
    return observe(topology, actionKeys);
  }

  /** Carries out one action, tagging its side effect with {@code actionKey} where it can. */
  ActionResult act(Topology topology, Action action, String actionKey) throws DriverException;

  /**
   * Whether repeating this action is harmless when its goal does not hold yet. By default only an
   * idempotent action is; a driver whose actions all converge on their goal may say more.
   */
  default boolean safeToRepeat(Action action) {
    return action.idempotent();
  }

  /**
   * Checks every property the topology gives this driver against the live servers, one line per
   * finding. A driver with nothing to check (the simulator) finds nothing.
   */
  default java.util.List<CheckLine> check(Topology topology) throws DriverException {
    return java.util.List.of();
  }

  @Override
  default void close() {}

  /** Opens the driver a topology names. */
  interface Factory {
    Driver open(Topology topology) throws Exception;
  }
}
