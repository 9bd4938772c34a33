package dev.baton.strategy;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;

import dev.baton.invariant.AtMostOneRunning;
import dev.baton.model.Component;
import dev.baton.model.EntryPoint;
import dev.baton.topology.PropertyKey;
import java.util.List;

/**
 * The properties that strategies, guards and invariants read, whatever the driver: every driver's
 * known keys include these.
 */
public final class StrategyProperties {

  private StrategyProperties() {}

  /** What a component may hold for the strategies. */
  public static final List<PropertyKey> COMPONENT =
      List.of(
          exact(
              Component.PASSPHRASE_SECRET,
              "the secret its installer's passphrase comes from; guard same-passphrase checks it",
              NO_DEFAULT),
          exact(
              AtMostOneRunning.PROPERTY,
              "a group of components of which at most one may run at a time",
              NO_DEFAULT),
          exact(
              ClusterLayout.BACKUP_SECRET,
              "the secret protecting the backup of a clustered resource's master secret",
              NO_DEFAULT),
          exact(
              SideLayout.ROLE,
              SideLayout.MASTER_ROLE + " marks the master of its side for primary-first",
              "the side's component of lowest order"));

  /** What an entry point may hold for the strategies. */
  public static final List<PropertyKey> ENTRY_POINT =
      List.of(
          exact(
              EntryPoint.PAUSE_BUDGET_MS,
              "how long an entry point that holds clients may hold them, in ms ("
                  + EntryPoint.MIN_PAUSE_BUDGET_MS
                  + " to "
                  + EntryPoint.MAX_PAUSE_BUDGET_MS
                  + ")",
              String.valueOf(EntryPoint.DEFAULT_PAUSE_BUDGET.toMillis())));
}
