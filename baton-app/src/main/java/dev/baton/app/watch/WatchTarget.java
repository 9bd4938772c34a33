package dev.baton.app.watch;

import dev.baton.facts.Facts;
import dev.baton.model.ReplicationLink;
import dev.baton.model.Topology;
import dev.baton.roles.ActivePair;
import dev.baton.roles.RoleModel;
import java.util.Optional;

/** What a watcher watches: the active of a pair, its standby, and the link between them. */
public record WatchTarget(
    String system, String active, String standby, String linkKey, String activeRole) {

  /**
   * The observed active of the first two-member role group that has one, its standby and the key of
   * their link (empty when no link joins them); empty when no member answers as the active.
   */
  public static Optional<WatchTarget> observed(Topology t, Facts facts) {
    RoleModel m = RoleModel.named(t.roleModel()).orElse(RoleModel.ACTIVE_STANDBY);
    return ActivePair.observed(t, facts, m)
        .map(
            p ->
                new WatchTarget(
                    t.system(),
                    p.active().name(),
                    p.standby().name(),
                    p.link(t).map(ReplicationLink::key).orElse(""),
                    m.activeRole()));
  }
}
