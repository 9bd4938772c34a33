package dev.baton.drivers.sim;

import java.util.Arrays;
import java.util.Optional;

/** The verbs the simulator acts out, each with the kind of thing its target names. */
enum SimVerb {
  TAKEOVER("takeover", TargetKind.COMPONENT),
  INSTALL("install", TargetKind.COMPONENT),
  STOP("stop", TargetKind.COMPONENT),
  START("start", TargetKind.COMPONENT),
  DRAIN("drain", TargetKind.COMPONENT),
  UNDRAIN("undrain", TargetKind.COMPONENT),
  BACKUP("backup", TargetKind.COMPONENT),
  REMOVE_REPLICATION("remove-replication", TargetKind.LINK),
  REBUILD_REPLICATION("rebuild-replication", TargetKind.LINK),
  REDIRECT("redirect", TargetKind.ENTRY_POINT),
  ENTRY_PREPARE("entry-prepare", TargetKind.ENTRY_POINT),
  ENTRY_SETTLE("entry-settle", TargetKind.ENTRY_POINT),
  UNINSTALL("uninstall", TargetKind.COMPONENT),
  RESTORE_BACKUP("restore-backup", TargetKind.COMPONENT),
  LIST_CHANGES("list-changes", TargetKind.COMPONENT),
  ENABLE_PROVISIONING("enable-provisioning", TargetKind.COMPONENT),
  PIN_FAILOVER("pin-failover", TargetKind.NODE),
  UNPIN_FAILOVER("unpin-failover", TargetKind.NODE),
  BACKUP_SECRET("backup-secret", TargetKind.COMPONENT),
  CLUSTER_OFFLINE("cluster-offline", TargetKind.COMPONENT),
  CLUSTER_ONLINE("cluster-online", TargetKind.COMPONENT),
  SET_MASTER("set-master", TargetKind.COMPONENT),
  FAILOVER("failover", TargetKind.COMPONENT),
  CHECK("check", TargetKind.ANY);

  /** What an action's target names. */
  enum TargetKind {
    COMPONENT("component"),
    LINK("replication link"),
    ENTRY_POINT("entry point"),
    NODE("node"),
    ANY("component, node, replication link, entry point or system");

    final String description;

    TargetKind(String description) {
      this.description = description;
    }
  }

  final String label;
  final TargetKind targetKind;

  SimVerb(String label, TargetKind targetKind) {
    this.label = label;
    this.targetKind = targetKind;
  }

  static Optional<SimVerb> parse(String verb) {
    return Arrays.stream(values()).filter(v -> v.label.equals(verb)).findFirst();
  }
}
