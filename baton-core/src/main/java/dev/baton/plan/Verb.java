package dev.baton.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one vocabulary of actions: every strategy plans with these verbs and every driver declares
 * which of them it carries out. Each verb knows what its target names, whether repeating it is
 * harmless by default, whether it changes a role, whether it leaves its target's service running,
 * and which parameters a product pack's command may use.
 */
public enum Verb {
  STOP("stop", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  START("start", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE, Flag.STARTS_SERVICE),
  DRAIN("drain", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  UNDRAIN("undrain", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  BACKUP("backup", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "label"),
  INSTALL("install", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "version"),
  UNINSTALL("uninstall", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  TAKEOVER("takeover", Target.COMPONENT, Repeat.ONCE, RoleChange.PLANNED, Flag.STARTS_SERVICE),
  CHECK("check", Target.ANY, Repeat.SAFE, RoleChange.NONE),
  INTEGRITY_CHECK("integrity-check", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  BACKUP_SECRET("backup-secret", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "label"),
  CLUSTER_OFFLINE("cluster-offline", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  CLUSTER_ONLINE(
      "cluster-online", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE, Flag.STARTS_SERVICE),
  SET_MASTER("set-master", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE, "master"),
  FAILOVER("failover", Target.COMPONENT, Repeat.ONCE, RoleChange.FORCED, Flag.STARTS_SERVICE),
  LIST_CHANGES("list-changes", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  ENABLE_PROVISIONING("enable-provisioning", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  RESTORE_BACKUP("restore-backup", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "from", "label"),
  CHECKPOINT("checkpoint", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  FENCE("fence", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  PROMOTE("promote", Target.COMPONENT, Repeat.ONCE, RoleChange.PLANNED, Flag.STARTS_SERVICE),
  REJOIN("rejoin", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "primary"),
  BOOKMARK("bookmark", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "label"),
  /** A product's own point-in-time rewind (a pack verb; PostgreSQL rewinds in three steps). */
  REWIND("rewind", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "label"),
  REWIND_COPY("rewind-copy", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  REWIND_SWAP("rewind-swap", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE),
  REWIND_REBUILD("rewind-rebuild", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE),
  RECOVER_ACTIVE(
      "recover-active", Target.COMPONENT, Repeat.ONCE, RoleChange.FORCED, Flag.STARTS_SERVICE),
  AMCHECK("amcheck", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  FENCE_OFFLINE("fence-offline", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  CLEAR_SYNC_STANDBYS("clear-sync-standbys", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  WRITE_CHECK("write-check", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  COUNT_UNREPLICATED("count-unreplicated", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  REMOVE_REPLICATION("remove-replication", Target.LINK, Repeat.ONCE, RoleChange.NONE),
  REBUILD_REPLICATION("rebuild-replication", Target.LINK, Repeat.ONCE, RoleChange.NONE),
  ENTRY_PREPARE("entry-prepare", Target.ENTRY_POINT, Repeat.SAFE, RoleChange.NONE),
  REDIRECT("redirect", Target.ENTRY_POINT, Repeat.SAFE, RoleChange.NONE, "to"),
  ENTRY_SETTLE("entry-settle", Target.ENTRY_POINT, Repeat.SAFE, RoleChange.NONE),
  /**
   * Holds an entry point's clients (a pooler's PAUSE): they wait instead of failing. {@code from}
   * is the component it must point at, {@code to} the one it will be released onto (a pooler may
   * stage that change while it holds), {@code waitMs} bounds the wait for running transactions.
   */
  HOLD("hold", Target.ENTRY_POINT, Repeat.SAFE, RoleChange.NONE, "from", "to", "waitMs"),
  /** Points a held entry point at {@code to}, verifies it, and lets its clients go on. */
  RELEASE("release", Target.ENTRY_POINT, Repeat.SAFE, RoleChange.NONE, "to"),
  /**
   * Builds a component as a new-major copy of {@code from} fed by logical replication: a new
   * cluster, the roles and schema, a publication and a subscription that copies the rows.
   */
  LOGICAL_COPY("logical-copy", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "from"),
  /**
   * Waits until a copy has every table synchronised with {@code from} and lags at most {@code
   * maxLagBytes}, for at most {@code waitS} seconds.
   */
  LOGICAL_SYNC(
      "logical-sync",
      Target.COMPONENT,
      Repeat.SAFE,
      RoleChange.NONE,
      "from",
      "maxLagBytes",
      "waitS"),
  /** Sets one server setting, which applies at the server's next start. */
  CONFIGURE("configure", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE, "setting", "value"),
  /** Makes a server's databases refuse client writes; replication still applies. */
  FENCE_WRITES("fence-writes", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  /** Lets a server's databases take client writes again. */
  UNFENCE_WRITES("unfence-writes", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE),
  /**
   * Waits, at most {@code waitMs}, until a subscriber has applied every commit of the fenced {@code
   * from} (a marker row written there last), then sets every sequence of the subscriber to its
   * value on {@code from}: logical replication carries rows, not sequences.
   */
  LOGICAL_CATCH_UP(
      "logical-catch-up", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE, "from", "waitMs"),
  /**
   * Turns logical replication around: the component stops following {@code to}, {@code to} follows
   * it from now on, without copying, and the component takes writes.
   */
  LOGICAL_REVERSE("logical-reverse", Target.COMPONENT, Repeat.ONCE, RoleChange.NONE, "to"),
  /** Drops a component's subscription to {@code from}, and its slot there. */
  LOGICAL_UNSUBSCRIBE(
      "logical-unsubscribe", Target.COMPONENT, Repeat.SAFE, RoleChange.NONE, "from"),
  PIN_FAILOVER("pin-failover", Target.NODE, Repeat.SAFE, RoleChange.NONE, "entries"),
  UNPIN_FAILOVER("unpin-failover", Target.NODE, Repeat.SAFE, RoleChange.NONE);

  /** What an action's target names. */
  public enum Target {
    COMPONENT("component"),
    LINK("replication link"),
    ENTRY_POINT("entry point"),
    NODE("node"),
    /** A check may look at anything. */
    ANY("component, node, replication link, entry point or system");

    private final String description;

    Target(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    /** Whether a verb with this target may act on a {@code kind} target. */
    public boolean accepts(Target kind) {
      return this == ANY || this == kind;
    }
  }

  /** Whether a verb changes which member of a role group is active, and how. */
  public enum RoleChange {
    NONE,
    /**
     * A planned change onto a member that is in step with the active one: the invariant {@code
     * takeover-onto-synced-standby} checks it.
     */
    PLANNED,
    /**
     * A change made because the active one is gone or must be given up (failover, forced
     * activation): the replication link cannot be observed in step, so the strategy's own guards
     * (the standby was synced when last seen; an operator's named override) stand in for it.
     */
    FORCED
  }

  /** Whether repeating a verb whose goal does not hold yet is harmless, unless a step says so. */
  enum Repeat {
    SAFE,
    ONCE
  }

  private enum Flag {
    STARTS_SERVICE
  }

  private final String label;
  private final Target target;
  private final boolean idempotent;
  private final RoleChange roleChange;
  private final boolean startsService;
  private final List<String> params;

  Verb(String label, Target target, Repeat repeat, RoleChange roleChange, String... params) {
    this(label, target, repeat, roleChange, null, params);
  }

  Verb(
      String label,
      Target target,
      Repeat repeat,
      RoleChange roleChange,
      Flag flag,
      String... params) {
    this.label = label;
    this.target = target;
    this.idempotent = repeat == Repeat.SAFE;
    this.roleChange = roleChange;
    this.startsService = flag == Flag.STARTS_SERVICE;
    this.params = List.of(params);
  }

  /** The word in plans, journals, packs and the simulator, e.g. {@code remove-replication}. */
  public String label() {
    return label;
  }

  public Target target() {
    return target;
  }

  /** Whether repeating this verb is harmless by default; a step may say otherwise. */
  public boolean idempotent() {
    return idempotent;
  }

  public RoleChange roleChange() {
    return roleChange;
  }

  /** Whether this verb makes its target active (planned or forced). */
  public boolean changesRole() {
    return roleChange != RoleChange.NONE;
  }

  /** Whether this verb leaves its target's service running. */
  public boolean startsService() {
    return startsService;
  }

  /** The parameters a pack's command for this verb may use as {@code {param:NAME}}. */
  public List<String> params() {
    return params;
  }

  public static Optional<Verb> parse(String label) {
    return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst();
  }

  /** The labels of the verbs that may act on a {@code target}, for error messages. */
  public static List<String> labels(Target target) {
    return Arrays.stream(values()).filter(v -> v.target == target).map(Verb::label).toList();
  }

  @Override
  public String toString() {
    return label;
  }
}
