package dev.baton.invariant;

import dev.baton.roles.RoleModel;
import java.util.List;

/** The invariants of DESIGN.md, checked by the engine around every step. */
public final class Invariants {
  private Invariants() {}

  public static List<Invariant> standard(RoleModel model) {
    return List.of(
        new AtMostOneActive(model),
        new TakeoverOntoSyncedStandby(),
        new NoRedirectToOlderSide(),
        new BackupBeforeDestructive(),
        new AtMostOneRunning());
  }
}
