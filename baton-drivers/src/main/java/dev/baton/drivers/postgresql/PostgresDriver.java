package dev.baton.drivers.postgresql;

import dev.baton.drivers.fence.FenceAgent;
import dev.baton.drivers.fence.Fencing;
import dev.baton.drivers.transport.Transport;
import dev.baton.drivers.transport.Transports;
import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.model.Component;
import dev.baton.model.Topology;
import dev.baton.model.Version;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Drives PostgreSQL primary/standby pairs: observes roles, versions, LSNs and replication, and
 * stops, starts, upgrades, promotes, rejoins and backs up servers through each node's transport.
 */
public final class PostgresDriver implements Driver {

  private final Function<String, Transport> transports;
  private final PgSql sql;
  private final Shutdowns shutdowns = new Shutdowns();
  private final Backups backups = new Backups();
  private final PgObserver observer;
  private final PgActions actions;
  private final PgFailover failover;
  private final PgFacts facts;
  private final PgRecoveryFacts recoveryFacts;
  private final PgRewind rewind;
  private final PgLogical logical;
  private final PgStandbyCopy standbyCopy;
  private final PgLogicalFacts logicalFacts;
  private final PgDualSide dual;
  private final PgDualLinks links;
  private final PgPhysicalBackup physical;
  private final PgMajorInPlace majorInPlace;
  private final Clock clock;

  private final AutoCloseable owned;

  /** {@code transports} gives the transport of a node by name; the caller closes them. */
  public PostgresDriver(Function<String, Transport> transports, Clock clock) {
    this(transports, clock, () -> {}, new PgSql());
  }

  /** {@code secrets} gives a secret's value by its topology name ({@code passwordSecret}). */
  public PostgresDriver(
      Function<String, Transport> transports, Clock clock, Function<String, String> secrets) {
    this(transports, clock, () -> {}, new PgSql(secrets));
  }

  /** A driver that owns the topology's transports and closes them with itself. */
  public static PostgresDriver over(
      Transports transports, Clock clock, Function<String, String> secrets) {
    return new PostgresDriver(transports, clock, transports, new PgSql(secrets));
  }

  private PostgresDriver(
      Function<String, Transport> transports, Clock clock, AutoCloseable owned, PgSql sql) {
    this.transports = transports;
    this.facts = new PgFacts(clock);
    this.owned = owned;
    this.sql = sql;
    this.observer = new PgObserver(sql, shutdowns);
    this.actions = new PgActions(sql, observer, shutdowns, this::transport);
    this.failover = new PgFailover(sql, observer);
    this.recoveryFacts = new PgRecoveryFacts(shutdowns);
    this.rewind = new PgRewind(sql, observer);
    this.logical = new PgLogical(sql, actions);
    this.standbyCopy = new PgStandbyCopy(sql, actions, PgStandbyCopy.COPY_LIMIT, line -> {});
    this.logicalFacts = new PgLogicalFacts(sql, this::transport);
    this.dual = new PgDualSide(sql, transports);
    this.links = new PgDualLinks(sql, PgDualLinks.Limits.DEFAULT, line -> {});
    this.physical = new PgPhysicalBackup(sql, actions, PgStandbyCopy.COPY_LIMIT, line -> {});
    this.majorInPlace = new PgMajorInPlace(sql, line -> {});
    this.clock = clock;
  }

  /** The verbs this driver carries out on PostgreSQL servers. */
  static final Set<Verb> VERBS =
      Collections.unmodifiableSet(
          EnumSet.of(
              Verb.CHECK,
              Verb.REDIRECT,
              Verb.REBUILD_REPLICATION,
              Verb.STOP,
              Verb.FENCE,
              Verb.START,
              Verb.INSTALL,
              Verb.PROMOTE,
              Verb.TAKEOVER,
              Verb.REJOIN,
              Verb.BACKUP,
              Verb.CHECKPOINT,
              Verb.BOOKMARK,
              Verb.REWIND_COPY,
              Verb.REWIND_SWAP,
              Verb.REWIND_REBUILD,
              Verb.RECOVER_ACTIVE,
              Verb.AMCHECK,
              Verb.FAILOVER,
              Verb.FENCE_OFFLINE,
              Verb.CLEAR_SYNC_STANDBYS,
              Verb.WRITE_CHECK,
              Verb.COUNT_UNREPLICATED,
              Verb.CONFIGURE,
              Verb.LOGICAL_COPY,
              Verb.LOGICAL_SYNC,
              Verb.FENCE_WRITES,
              Verb.UNFENCE_WRITES,
              Verb.LOGICAL_CATCH_UP,
              Verb.LOGICAL_REVERSE,
              Verb.LOGICAL_UNSUBSCRIBE,
              Verb.REMOVE_REPLICATION,
              Verb.PIN_FAILOVER,
              Verb.UNPIN_FAILOVER,
              Verb.LIST_CHANGES,
              Verb.ENABLE_PROVISIONING,
              Verb.RESTORE_BACKUP));

  /** The verbs after which what a shutdown read from a server's control file still holds. */
  private static final Set<Verb> KEEP_SHUTDOWN =
      EnumSet.of(Verb.STOP, Verb.FENCE, Verb.CHECKPOINT, Verb.AMCHECK, Verb.BACKUP);

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public Set<Verb> verbs() {
    return VERBS;
  }

  @Override
  public synchronized Facts observe(Topology t, Collection<String> actionKeys)
      throws DriverException {
    Map<String, PgState> states = new HashMap<>();
    // A node Baton cannot reach (a cut link, a dead host) is a fact, not a failure to observe:
    // its servers have no facts, so every guard that needs them refuses.
    Map<String, String> unreachable = new HashMap<>();
    List<dev.baton.facts.Fact> recovery = new ArrayList<>();
    java.time.Instant at = java.time.Instant.now();
    for (PgConfig c : configs(t)) {
      if (unreachable.containsKey(c.node())) {
        continue;
      }
      try {
        PgObserver.Reading r = observer.read(c, transport(c), List.of(PgRecoveryFacts.SQL));
        states.put(c.name(), r.state());
        List<Map<String, String>> rows = r.more().isEmpty() ? List.of() : r.more().get(0);
        recovery.addAll(recoveryFacts.of(c, transport(c), r.state(), rows, at));
      } catch (DriverException e) {
        unreachable.put(c.node(), e.getMessage());
        states.remove(c.name());
      }
    }
    recovery.addAll(fenceFacts(t, unreachable.keySet(), at));
    if (PgLogicalFacts.upgrading(t)) {
      recovery.addAll(logicalFacts.of(t, states, at));
    }
    if (PgDualSide.dualSided(t)) {
      recovery.addAll(dualFacts(t, states, unreachable.keySet()));
    }
    return facts.of(t, states, backups(t, unreachable.keySet()), unreachable).with(recovery);
  }

  /**
   * How long an agent's answer serves observations: a watch observes every heartbeat, and a power
   * controller is no place for several requests a second. A fence action forgets the answer, so its
   * verification asks again; the promote asks the agent itself, never this.
   */
  static final java.time.Duration FENCE_ANSWER_FOR = java.time.Duration.ofSeconds(5);

  private record FenceAnswer(long atNanos, String answer) {}

  private final Map<String, FenceAnswer> fenceAnswers =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * What the fence agent of each server on a node Baton cannot reach answers ({@code status}): the
   * only way left to see that such a server is off, which a failover's fence must prove.
   */
  private List<dev.baton.facts.Fact> fenceFacts(
      Topology t, java.util.Set<String> unreachable, java.time.Instant at) {
    List<dev.baton.facts.Fact> out = new ArrayList<>();
    for (Component c : t.components()) {
      if (!"postgresql".equals(c.kind()) || !unreachable.contains(c.node())) {
        continue;
      }
      Fencing f;
      try {
        f = Fencing.of(c);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (!f.worksUnreachable()) {
        continue;
      }
      FenceAnswer known = fenceAnswers.get(c.name());
      String answer;
      if (known != null && System.nanoTime() - known.atNanos() < FENCE_ANSWER_FOR.toNanos()) {
        answer = known.answer();
      } else {
        try {
          FenceAgent.Outcome o = f.agent().orElseThrow().status(sql::secret);
          answer = o.off() ? "off" : o.ok() ? "on" : "unknown (" + o.summary() + ")";
        } catch (FenceAgent.FenceException e) {
          answer = "unknown (" + e.getMessage() + ")";
        }
        fenceAnswers.put(c.name(), new FenceAnswer(System.nanoTime(), answer));
      }
      out.add(
          new dev.baton.facts.Fact(
              dev.baton.facts.FactKind.PROPERTY,
              dev.baton.facts.Property.FENCE.of(c.name()),
              answer,
              "postgresql",
              at));
    }
    return out;
  }

  private static Fencing fencing(Topology t, String component) throws DriverException {
    Component c =
        t.component(component)
            .orElseThrow(() -> new DriverException("no component " + component, ""));
    try {
      return Fencing.of(c);
    } catch (IllegalArgumentException e) {
      throw new DriverException(e.getMessage(), "");
    }
  }

  /** Every PostgreSQL property of the topology against the live servers ({@link PgCheck}). */
  @Override
  public synchronized List<dev.baton.engine.CheckLine> check(Topology t) {
    return new PgCheck(sql, transports).run(t);
  }

  private Map<String, String> backups(Topology t, java.util.Set<String> unreachable)
      throws DriverException {
    Map<String, String> found = new HashMap<>();
    for (PgConfig c : configs(t)) {
      if (unreachable.contains(c.node())) {
        continue;
      }
      try {
        backups.newest(c, transport(c)).ifPresent(b -> found.put(c.name(), b));
      } catch (DriverException e) {
        // No backup fact: a guard that needs one refuses.
      }
    }
    return found;
  }

  /**
   * Every PostgreSQL action converges on its goal, so repeating one whose goal is unmet is safe.
   */
  @Override
  public boolean safeToRepeat(Action action) {
    return true;
  }

  /**
   * A dual-sided system's own facts, read at the driver's clock so that a test can set it: gates,
   * pins, the logical links, where side B writes alone, and what a restore brought.
   */
  private List<dev.baton.facts.Fact> dualFacts(
      Topology t, Map<String, PgState> states, java.util.Set<String> unreachable) {
    java.time.Instant at = clock.instant();
    List<dev.baton.facts.Fact> out = new ArrayList<>(dual.facts(t, unreachable, at));
    for (var l : t.links()) {
      if (PgDualSide.logical(l)) {
        linkFacts(t, l, unreachable, at, out);
      }
    }
    for (PgConfig c : configsQuietly(t)) {
      if (unreachable.contains(c.node())) {
        continue;
      }
      dual.provisioning(t, c, states.get(c.name()), at).ifPresent(out::add);
      try {
        PgPhysicalBackup.restoredFrom(c, transport(c))
            .ifPresent(
                from ->
                    out.add(
                        fact(
                            dev.baton.facts.FactKind.PROPERTY,
                            dev.baton.facts.Property.RESTORED_FROM.of(c.name()),
                            from,
                            at)));
      } catch (DriverException e) {
        // No fact: the restore step's goal stays unmet and it runs (it converges).
      }
    }
    return out;
  }

  /** A logical link's state, lag and removal time; nothing when an end cannot be read. */
  private void linkFacts(
      Topology t,
      dev.baton.model.ReplicationLink l,
      java.util.Set<String> unreachable,
      java.time.Instant at,
      List<dev.baton.facts.Fact> out) {
    try {
      PgConfig x = config(t, l.from());
      PgConfig y = config(t, l.to());
      if (unreachable.contains(x.node()) || unreachable.contains(y.node())) {
        return;
      }
      PgDualLinks.Reading r = links.observe(x, transport(x), y, transport(y), l.name());
      dev.baton.facts.LinkState state =
          switch (r.state()) {
            case SYNCED -> dev.baton.facts.LinkState.SYNCED;
            case LAGGING -> dev.baton.facts.LinkState.LAGGING;
            case REMOVED -> dev.baton.facts.LinkState.REMOVED;
          };
      out.add(fact(dev.baton.facts.FactKind.LINK, l.key(), state, at));
      long lag = Math.max(r.lagToX(), r.lagToY());
      if (lag >= 0) {
        out.add(fact(dev.baton.facts.FactKind.LAG_BYTES, l.key(), lag, at));
      }
      r.removedAt()
          .ifPresent(
              when ->
                  out.add(
                      fact(
                          dev.baton.facts.FactKind.PROPERTY,
                          dev.baton.facts.Property.REMOVED_AT.of(l.key()),
                          when.toString(),
                          at)));
      out.add(
          fact(
              dev.baton.facts.FactKind.PROPERTY,
              dev.baton.facts.Property.STATE.of(l.key()),
              r.sentence(),
              at));
    } catch (DriverException e) {
      // No link fact: every guard and goal that reads it waits or refuses.
    }
  }

  private static dev.baton.facts.Fact fact(
      dev.baton.facts.FactKind kind, String subject, Object value, java.time.Instant at) {
    return new dev.baton.facts.Fact(kind, subject, value, "postgresql", at);
  }

  private List<PgConfig> configsQuietly(Topology t) {
    try {
      return configs(t);
    } catch (DriverException e) {
      return List.of();
    }
  }

  @Override
  public synchronized ActionResult act(Topology t, Action a, String key) throws DriverException {
    if (a.verb() == Verb.PIN_FAILOVER || a.verb() == Verb.UNPIN_FAILOVER) {
      dev.baton.model.Node n =
          t.nodes().stream()
              .filter(x -> x.name().equals(a.target()))
              .findFirst()
              .orElseThrow(() -> new DriverException("no node " + a.target(), ""));
      return a.verb() == Verb.PIN_FAILOVER
          ? dual.pin(t, n, a.params().getOrDefault("entries", ""))
          : dual.unpin(t, n);
    }
    Component gate = t.component(a.target()).filter(PgDualSide::isGate).orElse(null);
    if (gate != null) {
      return switch (a.verb()) {
        case STOP -> dual.stopGate(gate);
        case START -> dual.startGate(gate);
        case CHECK -> new ActionResult(gate.name() + " is " + dual.gateState(gate).label(), "");
        default ->
            throw new DriverException(
                gate.name() + " is a PgBouncer gate: Baton only stops and starts it", "");
      };
    }
    if (a.verb() == Verb.CHECK && a.params().containsKey("probe")) {
      return probe(t, a);
    }
    if (a.verb() == Verb.CHECK) {
      return new ActionResult("checked " + a.target() + "; nothing changed", "");
    }
    if (a.verb() == Verb.REDIRECT) {
      return redirect(t, a);
    }
    if (a.verb() == Verb.REMOVE_REPLICATION || a.verb() == Verb.REBUILD_REPLICATION) {
      var link = t.links().stream().filter(l -> l.name().equals(a.target())).findFirst();
      if (link.isPresent() && PgDualSide.logical(link.get())) {
        return logicalLink(t, link.get(), a);
      }
      if (a.verb() == Verb.REMOVE_REPLICATION) {
        throw new DriverException(
            "Baton removes only logical links ("
                + a.target()
                + " is not one); a streaming standby is fenced or rejoined instead",
            "");
      }
      return rebuild(t, a);
    }
    if (a.verb() == Verb.LIST_CHANGES) {
      return listChanges(t, config(t, a.target()));
    }
    PgConfig c = config(t, a.target());
    Transport tr = transport(c);
    if (!KEEP_SHUTDOWN.contains(a.verb())) {
      // Whatever else Baton does to a server may start it: read it afresh from now on.
      shutdowns.forget(c.name());
    }
    if (a.verb() != Verb.FENCE && a.verb() != Verb.PROMOTE && a.verb() != Verb.CHECKPOINT) {
      // Backups, rewinds, rejoins and installs may change what the backup directory holds.
      backups.forget();
    }
    return switch (a.verb()) {
      case STOP, FENCE -> actions.stop(c, tr);
      case START -> actions.start(c, tr, PgObserver.versionOnDisk(c, tr), peers(t, c));
      case INSTALL -> {
        Version to = Version.parse(a.params().get("version"));
        if (PgDualSide.dualSided(t) && to.major() != PgObserver.versionOnDisk(c, tr).major()) {
          // No standby to take over: the server's data is copied into a new major's cluster.
          List<String> dropped = new ArrayList<>();
          for (var l : PgDualSide.linksOf(t, c.name())) {
            links.dropSplitSlot(c, tr, l.name()).ifPresent(dropped::add);
          }
          ActionResult r = majorInPlace.upgrade(c, tr, to);
          yield dropped.isEmpty()
              ? r
              : new ActionResult(
                  r.summary(),
                  "dropped the split slots " + dropped + " first\n" + r.evidence(),
                  r.data());
        }
        yield actions.install(c, tr, to, peers(t, c));
      }
      case PROMOTE, TAKEOVER -> actions.promote(c, tr, peers(t, c));
      case REJOIN -> {
        PgConfig primary = config(t, a.params().get("primary"));
        if (newMajor(t, primary) && logical.copyState(c, tr).equals("absent")) {
          // pg_basebackup of the old major's tools refuses a newer server (ADR 0040).
          yield standbyCopy.copy(
              primary,
              transport(primary),
              c,
              tr,
              c.declaredVersion(),
              PgStandbyCopy.Existing.REFUSE);
        }
        yield actions.rejoin(c, tr, primary, PgObserver.versionOnDisk(c, tr), peers(t, c));
      }
      case BACKUP ->
          PgDualSide.dualSided(t)
              // 16 and later: the old major's pg_basebackup refuses them (ADR 0041).
              ? physical.backup(c, tr, a.params().getOrDefault("label", "baton"), key)
              : actions.backup(c, tr, a.params().getOrDefault("label", "baton"), key);
      case RESTORE_BACKUP -> {
        PgConfig from = config(t, a.params().get("from"));
        yield physical.restore(c, tr, from, transport(from), a.params().get("label"), key);
      }
      case ENABLE_PROVISIONING -> dual.enableProvisioning(t, c, observer.observe(c, tr));
      case CHECKPOINT -> actions.sqlAction(c, tr, "CHECKPOINT", "checkpoint on " + c.name());
      case BOOKMARK -> rewind.bookmark(c, tr, a.params().get("name"));
      case REWIND_COPY, REWIND_SWAP, REWIND_REBUILD -> rewindVerb(t, a, c, tr, key);
      case RECOVER_ACTIVE -> actions.promote(c, tr, peers(t, c));
      case AMCHECK -> actions.amcheck(c, tr);
      case FAILOVER -> actions.promote(c, tr, fencedPeers(t, c));
      case FENCE_OFFLINE -> {
        fenceAnswers.remove(c.name());
        try {
          yield failover.fence(c, tr, config(t, a.params().get("primary")), fencing(t, a.target()));
        } finally {
          fenceAnswers.remove(c.name());
        }
      }
      case CLEAR_SYNC_STANDBYS -> failover.clearSyncStandbys(c, tr);
      case WRITE_CHECK -> failover.writeCheck(c, tr);
      case LOGICAL_COPY -> {
        PgConfig from = config(t, a.params().get("from"));
        yield logical.copy(from, transport(from), c, tr, c.declaredVersion());
      }
      case LOGICAL_SYNC -> {
        PgConfig from = config(t, a.params().get("from"));
        yield logical.awaitSynced(
            from,
            transport(from),
            c,
            tr,
            Long.parseLong(a.params().getOrDefault("maxLagBytes", "1048576")),
            java.time.Duration.ofSeconds(Long.parseLong(a.params().getOrDefault("waitS", "3600"))));
      }
      case CONFIGURE ->
          logical.configure(c, tr, a.params().get("setting"), a.params().get("value"));
      case FENCE_WRITES -> logical.fenceWrites(c, tr);
      case UNFENCE_WRITES -> logical.unfenceWrites(c, tr);
      case LOGICAL_CATCH_UP -> {
        PgConfig from = config(t, a.params().get("from"));
        ActionResult caught =
            logical.catchUp(
                from,
                transport(from),
                c,
                tr,
                java.time.Duration.ofMillis(
                    Long.parseLong(a.params().getOrDefault("waitMs", "2000"))));
        ActionResult carried = logical.carrySequences(from, transport(from), c, tr);
        yield new ActionResult(
            caught.summary() + "; " + carried.summary(),
            (caught.evidence() + "\n" + carried.evidence()).strip());
      }
      case LOGICAL_REVERSE -> {
        PgConfig to = config(t, a.params().get("to"));
        yield logical.reverse(c, tr, to, transport(to));
      }
      case LOGICAL_UNSUBSCRIBE -> {
        PgConfig from = config(t, a.params().get("from"));
        yield logical.unsubscribe(c, tr, from, transport(from));
      }
      case COUNT_UNREPLICATED -> {
        PgConfig primary = config(t, a.params().get("primary"));
        yield failover.countUnreplicated(c, tr, primary, transport(primary));
      }
      default ->
          throw new DriverException(
              "the postgresql driver does not know the verb '" + a.verb() + "'", "");
    };
  }

  /** Whether {@code c} is, or streams from, a new-major copy of a major upgrade. */
  private static boolean newMajor(Topology t, PgConfig c) {
    return PgConfig.newMajor(t, t.requireComponent(c.name()));
  }

  private ActionResult rewindVerb(Topology t, Action a, PgConfig c, Transport tr, String key)
      throws DriverException {
    Version v = PgObserver.versionOnDisk(c, tr);
    return switch (a.verb()) {
      case REWIND_COPY ->
          rewind.buildCopy(
              c, tr, a.params().get("bookmark"), Lsn.parse(a.params().get("lsn")), c.binDir(v));
      case REWIND_SWAP -> rewind.swap(c, tr, a.params().get("bookmark"), key);
      default -> {
        PgConfig primary = config(t, a.params().get("primary"));
        if ("streaming".equals(observer.observe(c, tr).receiver())) {
          yield new ActionResult(c.name() + " already streams from " + primary.name(), "");
        }
        String ev = actions.stop(c, tr).evidence() + "\n" + rewind.rebuildStandby(c, tr, primary);
        ev += "\n" + actions.start(c, tr, v, peers(t, c)).evidence();
        long ms =
            Poll.until(
                java.time.Duration.ofSeconds(60),
                10,
                () -> "streaming".equals(observer.observe(c, tr).receiver()));
        if (ms < 0) {
          throw new DriverException(
              c.name() + " did not stream from " + primary.name() + " within 60 s", ev);
        }
        yield new ActionResult(
            c.name() + " rebuilt from a base backup of " + primary.name() + " and streams", ev);
      }
    };
  }

  /**
   * Seed 002's verification probes on a dual-sided system: {@code create-on-X-find-on-Y} writes a
   * row on X and waits for it on Y; {@code import-upstream-find-on-both} writes one as a third
   * writer on the target and waits for it on every other end of its links.
   */
  private ActionResult probe(Topology t, Action a) throws DriverException {
    String probe = a.params().get("probe");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("create-on-(.+)-find-on-(.+)").matcher(probe);
    if (m.matches()) {
      return dual.verify(t, config(t, m.group(1)), config(t, m.group(2)), "from-" + m.group(1));
    }
    PgConfig on = config(t, a.target());
    var first = PgDualSide.linksOf(t, on.name()).stream().findFirst();
    if (first.isEmpty()) {
      return new ActionResult("checked " + a.target() + "; nothing changed", "");
    }
    var l = first.get();
    return dual.verify(
        t, on, config(t, l.from().equals(on.name()) ? l.to() : l.from()), "upstream");
  }

  /**
   * Removes a logical link, or rebuilds it from its winner ({@code winner}, else its {@code from}
   * end), whose data the other end is re-initialised from.
   */
  private ActionResult logicalLink(Topology t, dev.baton.model.ReplicationLink l, Action a)
      throws DriverException {
    PgConfig x = config(t, l.from());
    PgConfig y = config(t, l.to());
    if (a.verb() == Verb.REMOVE_REPLICATION) {
      return links.remove(x, transport(x), y, transport(y), l.name());
    }
    String w = a.params().getOrDefault("winner", l.from());
    if (!w.equals(l.from()) && !w.equals(l.to())) {
      throw new DriverException(
          "the winner of " + l.name() + " must be one of its ends, not " + w, "");
    }
    PgConfig winner = w.equals(l.from()) ? x : y;
    PgConfig loser = winner == x ? y : x;
    return links.rebuild(winner, transport(winner), loser, transport(loser), l.name());
  }

  /**
   * What {@code c} changed that the other end of its logical links never applied, database by
   * database in the links' order, read from the split slots without consuming them.
   */
  private ActionResult listChanges(Topology t, PgConfig c) throws DriverException {
    List<String> summaries = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    int changes = 0;
    for (var l : PgDualSide.linksOf(t, c.name())) {
      SplitChanges sc = links.changes(c, transport(c), l.name());
      changes += sc.changeCount();
      summaries.add(sc.summary());
      report.append(sc.report());
    }
    if (summaries.isEmpty()) {
      throw new DriverException(c.name() + " is not an end of any logical link", "");
    }
    return new ActionResult(
        c.name()
            + " changed "
            + changes
            + " rows the other side never got: "
            + String.join("; ", summaries),
        report.toString());
  }

  /** Clients of a "none" entry point follow the primary by themselves (a multi-host URL). */
  private ActionResult redirect(Topology t, Action a) throws DriverException {
    String to = a.params().get("to");
    PgConfig c = config(t, to);
    if (!observer.observe(c, transport(c)).isPrimary()) {
      throw new DriverException(
          "clients of " + a.target() + " follow the primary, and " + to + " is not primary", "");
    }
    return new ActionResult(
        "clients of " + a.target() + " now reach " + to + " (they follow the primary)", "");
  }

  private ActionResult rebuild(Topology t, Action a) throws DriverException {
    var link =
        t.links().stream()
            .filter(l -> l.name().equals(a.target()))
            .findFirst()
            .orElseThrow(() -> new DriverException("no replication link " + a.target(), ""));
    PgConfig from = config(t, link.from());
    PgConfig to = config(t, link.to());
    boolean fromIsPrimary = observer.observe(from, transport(from)).isPrimary();
    PgConfig primary = fromIsPrimary ? from : to;
    PgConfig standby = fromIsPrimary ? to : from;
    Transport tr = transport(standby);
    return actions.rejoin(
        standby, tr, primary, PgObserver.versionOnDisk(standby, tr), peers(t, standby));
  }

  /**
   * The peers of a server about to be promoted in a failover. A peer whose node cannot be reached
   * counts as fenced only when its fence agent answers "off" now; otherwise the promote is refused.
   */
  private List<PgState> fencedPeers(Topology t, PgConfig self) throws DriverException {
    List<PgState> out = new ArrayList<>();
    Component me = t.requireComponent(self.name());
    for (Component c : t.roleGroup(me.roleGroup() == null ? "" : me.roleGroup())) {
      if (c.name().equals(self.name())) {
        continue;
      }
      PgConfig pc = PgConfig.of(c);
      try {
        out.add(observer.observe(pc, transport(pc)));
      } catch (DriverException unreachable) {
        Fencing f = fencing(t, c.name());
        if (!f.worksUnreachable()) {
          throw new DriverException(
              "refusing to promote "
                  + self.name()
                  + ": "
                  + c.name()
                  + " cannot be reached ("
                  + unreachable.getMessage()
                  + ") and has no fence agent to ask",
              unreachable.evidence());
        }
        FenceAgent.Outcome status;
        try {
          status = f.agent().orElseThrow().status(sql::secret);
        } catch (FenceAgent.FenceException e) {
          throw new DriverException(
              "refusing to promote " + self.name() + ": " + e.getMessage(), "");
        }
        if (!status.off()) {
          throw new DriverException(
              "refusing to promote "
                  + self.name()
                  + ": "
                  + c.name()
                  + " cannot be reached and its fence agent does not answer off ("
                  + status.summary()
                  + ")",
              status.transcript());
        }
      }
    }
    return out;
  }

  private List<PgState> peers(Topology t, PgConfig self) throws DriverException {
    List<PgState> out = new ArrayList<>();
    Component me = t.requireComponent(self.name());
    for (Component c : t.roleGroup(me.roleGroup() == null ? "" : me.roleGroup())) {
      if (!c.name().equals(self.name())) {
        PgConfig pc = PgConfig.of(c);
        out.add(observer.observe(pc, transport(pc)));
      }
    }
    return out;
  }

  private List<PgConfig> configs(Topology t) throws DriverException {
    List<PgConfig> out = new ArrayList<>();
    for (Component c : t.components()) {
      if ("postgresql".equals(c.kind())) {
        out.add(PgConfig.of(c));
      }
    }
    return out;
  }

  private PgConfig config(Topology t, String component) throws DriverException {
    Component c =
        t.component(component)
            .orElseThrow(() -> new DriverException("no component " + component, ""));
    return PgConfig.of(c);
  }

  private Transport transport(PgConfig c) {
    return transports.apply(c.node());
  }

  @Override
  public void close() {
    sql.close();
    try {
      owned.close();
    } catch (Exception e) {
      // closing transports only releases connections; nothing to report to the run
    }
  }
}
