package dev.baton.drivers.pack;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The verbs a pack may give commands for, what each one's target names, and its parameters. */
enum Verb {
  STOP("stop", Target.COMPONENT),
  START("start", Target.COMPONENT),
  DRAIN("drain", Target.COMPONENT),
  UNDRAIN("undrain", Target.COMPONENT),
  BACKUP("backup", Target.COMPONENT, "label"),
  INSTALL("install", Target.COMPONENT, "version"),
  UNINSTALL("uninstall", Target.COMPONENT),
  TAKEOVER("takeover", Target.COMPONENT),
  CHECK("check", Target.COMPONENT),
  INTEGRITY_CHECK("integrity-check", Target.COMPONENT),
  BACKUP_SECRET("backup-secret", Target.COMPONENT, "label"),
  CLUSTER_OFFLINE("cluster-offline", Target.COMPONENT),
  CLUSTER_ONLINE("cluster-online", Target.COMPONENT),
  SET_MASTER("set-master", Target.COMPONENT, "master"),
  FAILOVER("failover", Target.COMPONENT),
  LIST_CHANGES("list-changes", Target.COMPONENT),
  ENABLE_PROVISIONING("enable-provisioning", Target.COMPONENT),
  RESTORE_BACKUP("restore-backup", Target.COMPONENT, "from", "label"),
  // The role-change verbs of the switchover strategy and the seed 004 operations.
  CHECKPOINT("checkpoint", Target.COMPONENT),
  FENCE("fence", Target.COMPONENT),
  PROMOTE("promote", Target.COMPONENT),
  REJOIN("rejoin", Target.COMPONENT, "primary"),
  BOOKMARK("bookmark", Target.COMPONENT, "label"),
  REWIND("rewind", Target.COMPONENT, "label"),
  RECOVER_ACTIVE("recover-active", Target.COMPONENT),
  REMOVE_REPLICATION("remove-replication", Target.LINK),
  REBUILD_REPLICATION("rebuild-replication", Target.LINK),
  REDIRECT("redirect", Target.ENTRY_POINT, "to"),
  PIN_FAILOVER("pin-failover", Target.NODE, "entries"),
  UNPIN_FAILOVER("unpin-failover", Target.NODE);

  /** What an action's target names. */
  enum Target {
    COMPONENT,
    LINK,
    ENTRY_POINT,
    NODE
  }

  final String label;
  final Target target;
  final List<String> params;

  Verb(String label, Target target, String... params) {
    this.label = label;
    this.target = target;
    this.params = List.of(params);
  }

  static Optional<Verb> parse(String label) {
    return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
  }

  /** The labels of the verbs whose target is {@code target}, for error messages. */
  static List<String> labels(Target target) {
    return Arrays.stream(values()).filter(v -> v.target == target).map(v -> v.label).toList();
  }
}
