package dev.baton.drivers.postgresql;

import dev.baton.drivers.postgresql.LinkEnd.Slot;
import dev.baton.drivers.postgresql.LinkEnd.Subscription;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The two-way logical links of a dual-sided system: each database replicated both ways between two
 * servers by a subscription on each side, {@code origin = none} so that nothing loops. Observes a
 * link, removes it so that each side keeps a split slot holding its changes the other side never
 * applied, lists those changes, and rebuilds the link from a named winner.
 */
final class PgDualLinks {

  enum State {
    /** Both sides subscribe to each other, every table is ready and neither lags much. */
    SYNCED,
    /** Something in between: a side without a subscription, one disabled, copying, or behind. */
    LAGGING,
    /** Neither side subscribes to the other. */
    REMOVED
  }

  /**
   * A link's state with its sentence; {@code lagToX} is how many bytes of y's WAL x has not
   * confirmed (-1 unknown), {@code removedAt} when Baton removed it.
   */
  record Reading(
      State state, String sentence, long lagToX, long lagToY, Optional<Instant> removedAt) {}

  /**
   * How long a removal waits for each side to confirm the other's WAL, and for a worker or a
   * walsender to go; how long a rebuild waits for the copy; how far behind a synced link may be.
   */
  record Limits(Duration catchUp, Duration copy, long maxLagBytes) {
    static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofHours(6), 1 << 20);
  }

  /** A rebuild's steps, in order; a test may stop after one to resume from there. */
  enum Step {
    /** Drop the split slots and any subscription a removal left. */
    CLEAR,
    /** Ensure {@code baton_<db>} FOR ALL TABLES on both sides. */
    PUBLISH,
    /** Empty the loser's tables and copy the winner's rows into them by a subscription. */
    COPY,
    /** The winner follows the loser from now on, without copying. */
    FOLLOW,
    /** Forget the split and wait until the link is synced. */
    SYNC
  }

  private final PgSql sql;
  private final Limits limits;
  private final Consumer<String> progress;

  PgDualLinks(PgSql sql, Limits limits, Consumer<String> progress) {
    this.sql = sql;
    this.limits = limits;
    this.progress = progress;
  }

  /** The publication both sides have after a rebuild. */
  static String publication(String db) {
    return "baton_" + safe(db);
  }

  /** The subscription by which a side follows {@code publisher} in {@code db} after a rebuild. */
  static String subscription(String db, PgConfig publisher) {
    String s = "baton_" + safe(db) + "_from_" + safe(publisher.name());
    return s.length() <= 63 ? s : s.substring(0, 54) + "_" + Integer.toHexString(s.hashCode());
  }

  private static String safe(String name) {
    return name.toLowerCase().replaceAll("[^a-z0-9_]", "_");
  }

  // ---- observing ---------------------------------------------------------------------------

  /** The state of the link of {@code db} between x and y: one short query to each side. */
  Reading observe(PgConfig x, Transport xt, PgConfig y, Transport yt, String db)
      throws DriverException {
    LinkEnd ex = end(x, xt, db, true);
    LinkEnd ey = end(y, yt, db, true);
    List<Subscription> xs = ex.to(y, db);
    List<Subscription> ys = ey.to(x, db);
    String between = db + " between " + x.name() + " and " + y.name();
    if (xs.isEmpty() && ys.isEmpty()) {
      Optional<Instant> at = removedAt(x, xt, y, yt, db);
      return new Reading(
          State.REMOVED,
          between
              + " is not replicated either way"
              + at.map(i -> " since " + i).orElse("; Baton recorded no removal"),
          -1,
          -1,
          at);
    }
    List<String> why = new ArrayList<>();
    long toX = direction(x, xs, y, ey, db, why);
    long toY = direction(y, ys, x, ex, db, why);
    if (!why.isEmpty()) {
      return new Reading(
          State.LAGGING,
          between + " is not in step: " + String.join("; ", why),
          toX,
          toY,
          Optional.empty());
    }
    return new Reading(
        State.SYNCED,
        between
            + " is replicated both ways ("
            + x.name()
            + " "
            + toX
            + " bytes behind "
            + y.name()
            + ", "
            + y.name()
            + " "
            + toY
            + " bytes behind "
            + x.name()
            + ")",
        toX,
        toY,
        Optional.empty());
  }

  /**
   * The lag of {@code s} behind {@code p} through its one subscription in {@code subs}, or -1; adds
   * to {@code why} what keeps the direction from being in step.
   */
  private long direction(
      PgConfig s, List<Subscription> subs, PgConfig p, LinkEnd pe, String db, List<String> why) {
    if (subs.isEmpty()) {
      why.add(s.name() + " has no subscription to " + p.name() + " in " + db);
      return -1;
    }
    if (subs.size() > 1) {
      why.add(s.name() + " has " + subs.size() + " subscriptions to " + p.name() + names(subs));
      return -1;
    }
    Subscription sub = subs.get(0);
    String its = s.name() + "'s subscription " + sub.name();
    if (!sub.enabled()) {
      why.add(its + " is disabled");
    }
    if (sub.notReady() > 0) {
      why.add(sub.notReady() + " of " + sub.tables() + " tables of " + its + " are not ready");
    }
    Optional<Slot> slot = pe.slot(sub.slot());
    if (slot.isEmpty()) {
      why.add(p.name() + " has no slot " + sub.slot() + " for " + its);
      return -1;
    }
    long lag = slot.get().lag();
    if (lag > limits.maxLagBytes()) {
      why.add(its + " is " + lag + " bytes behind " + p.name() + " (" + limits.maxLagBytes() + ")");
    }
    return lag;
  }

  private static String names(List<Subscription> subs) {
    return " (" + String.join(", ", subs.stream().map(Subscription::name).toList()) + ")";
  }

  private static Optional<Instant> removedAt(
      PgConfig x, Transport xt, PgConfig y, Transport yt, String db) throws DriverException {
    Optional<Instant> a = SplitFile.read(x, xt, db).map(SplitFile::removedAt);
    Optional<Instant> b = SplitFile.read(y, yt, db).map(SplitFile::removedAt);
    if (a.isPresent() && b.isPresent()) {
      return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }
    return a.isPresent() ? a : b;
  }

  // ---- removing ----------------------------------------------------------------------------

  /** One direction of a link: {@code sub} applies what {@code pub} publishes. */
  private record Direction(PgConfig sub, Transport st, PgConfig pub, Transport pt, String db) {
    PgConfig s() {
      return PgLogical.on(sub, db);
    }

    PgConfig p() {
      return PgLogical.on(pub, db);
    }
  }

  /**
   * Removes the link of {@code db}: each side first confirms the other's WAL up to now (else
   * nothing changes), then each subscription is dropped and its slot kept on its publisher as that
   * side's split slot, at the last of its commits the other side applied.
   */
  ActionResult remove(PgConfig x, Transport xt, PgConfig y, Transport yt, String db)
      throws DriverException {
    long t0 = System.nanoTime();
    List<Direction> both =
        List.of(new Direction(y, yt, x, xt, db), new Direction(x, xt, y, yt, db));
    StringBuilder ev = new StringBuilder();
    for (Direction d : both) {
      catchUp(d, ev);
    }
    List<String> cut = new ArrayList<>();
    List<String> slots = new ArrayList<>();
    for (Direction d : both) {
      if (cut(d, ev)) {
        cut.add(d.pub().name() + " to " + d.sub().name());
      }
      SplitFile.read(d.pub(), d.pt(), db)
          .ifPresent(f -> slots.add(d.pub().name() + " in " + f.slot()));
    }
    String between = db + " between " + x.name() + " and " + y.name();
    if (cut.isEmpty()) {
      return new ActionResult(
          between
              + " is already removed"
              + (slots.isEmpty()
                  ? "; Baton recorded no split slots"
                  : "; split slots: " + String.join(", ", slots)),
          ev.toString().strip());
    }
    return new ActionResult(
        between
            + " is no longer replicated; each side keeps the changes the other never applied ("
            + String.join(", ", slots)
            + "), removed in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms",
        ev.toString().strip());
  }

  /**
   * Waits until the subscriber confirmed the publisher's WAL up to where it is now and has every
   * table ready, so that what the publisher acknowledged before the removal reached the other side.
   * A subscription already disabled (a removal that stopped half way) has nothing to wait for.
   */
  private void catchUp(Direction d, StringBuilder ev) throws DriverException {
    Optional<Subscription> found = link(d);
    if (found.isEmpty() || !found.get().enabled() || found.get().slot() == null) {
      return;
    }
    Subscription sub = found.get();
    long target = end(d.pub(), d.pt(), d.db(), false).walLsn();
    long[] lag = {-1};
    int[] notReady = {0};
    long ms =
        Poll.until(
            limits.catchUp(),
            20,
            () -> {
              Optional<Slot> slot = end(d.pub(), d.pt(), d.db(), false).slot(sub.slot());
              notReady[0] = link(d).map(Subscription::notReady).orElse(0);
              lag[0] = slot.map(s -> target - s.confirmed()).orElse(-1L);
              return slot.isPresent() && lag[0] <= 0 && notReady[0] == 0;
            });
    if (ms < 0) {
      throw new DriverException(
          d.sub().name()
              + " did not confirm "
              + d.pub().name()
              + "'s WAL in "
              + d.db()
              + " up to "
              + Lsn.format(target)
              + " within "
              + limits.catchUp().toSeconds()
              + " s: its slot "
              + sub.slot()
              + (lag[0] < 0 ? " is gone" : " lags " + lag[0] + " bytes behind it")
              + (notReady[0] > 0 ? " and " + notReady[0] + " tables are not ready" : "")
              + "; nothing was changed, the link still runs",
          "");
    }
    ev.append(d.sub().name())
        .append(" confirmed ")
        .append(d.pub().name())
        .append("'s WAL in ")
        .append(d.db())
        .append(" up to ")
        .append(Lsn.format(target))
        .append(" after ")
        .append(ms)
        .append(" ms\n");
  }

  /**
   * Cuts one direction: the subscription is disabled, what it applied read, the split recorded on
   * the publisher, the subscription dropped without its slot, and the slot moved to what was
   * applied. Each part is skipped when done before; whether any part was done now.
   */
  private boolean cut(Direction d, StringBuilder ev) throws DriverException {
    Optional<Subscription> found = link(d);
    Optional<SplitFile> file = SplitFile.read(d.pub(), d.pt(), d.db());
    boolean acted = false;
    if (found.isPresent()) {
      Subscription sub = found.get();
      String slot = splitSlot(d, sub, file);
      if (sub.enabled()) {
        write(d.s(), d.st(), "alter subscription " + PgLogical.ident(sub.name()) + " disable");
      }
      awaitWorkerGone(d, sub);
      long applied = appliedUpTo(d, sub);
      if (file.isEmpty()) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        new SplitFile(now, slot, sub.publications(), applied).writeOnce(d.pub(), d.pt(), d.db());
        file = SplitFile.read(d.pub(), d.pt(), d.db());
      }
      dropSubscription(d.s(), d.st(), sub);
      ev.append(d.sub().name())
          .append(" dropped its subscription ")
          .append(sub.name())
          .append(" in ")
          .append(d.db())
          .append(", having applied ")
          .append(d.pub().name())
          .append("'s commits up to ")
          .append(Lsn.format(applied))
          .append('\n');
      acted = true;
    }
    if (file.isEmpty()) {
      return acted;
    }
    return keepSplitSlot(d, file.get(), ev) || acted;
  }

  /** The slot that becomes the publisher's split slot: the subscription's, or the recorded one. */
  private static String splitSlot(Direction d, Subscription sub, Optional<SplitFile> file)
      throws DriverException {
    if (file.isPresent() && sub.slot() != null && !sub.slot().equals(file.get().slot())) {
      throw new DriverException(
          SplitFile.path(d.pub(), d.db())
              + " on "
              + d.pub().node()
              + " records the split slot "
              + file.get().slot()
              + " from "
              + file.get().removedAt()
              + ", but "
              + d.sub().name()
              + "'s subscription "
              + sub.name()
              + " uses the slot "
              + sub.slot()
              + ": the link was rebuilt without Baton; delete the file, then remove again",
          "");
    }
    if (sub.slot() != null) {
      return sub.slot();
    }
    if (file.isPresent()) {
      return file.get().slot();
    }
    throw new DriverException(
        d.sub().name()
            + "'s subscription "
            + sub.name()
            + " in "
            + d.db()
            + " has no slot and Baton recorded none: the changes "
            + d.pub().name()
            + " made since cannot be found; drop it by hand if that is acceptable",
        "");
  }

  private void awaitWorkerGone(Direction d, Subscription sub) throws DriverException {
    String q =
        "select count(*)::text as n from pg_stat_subscription where subid = "
            + sub.oid()
            + " and pid is not null";
    long ms =
        Poll.until(limits.catchUp(), 20, () -> "0".equals(rows(d.s(), d.st(), q).get(0).get("n")));
    if (ms < 0) {
      throw new DriverException(
          d.sub().name()
              + "'s subscription "
              + sub.name()
              + " is disabled but its workers still run after "
              + limits.catchUp().toSeconds()
              + " s; remove again once they stopped",
          "");
    }
  }

  /** The end of the last of the publisher's transactions the subscriber applied, or 0. */
  private long appliedUpTo(Direction d, Subscription sub) throws DriverException {
    String lsn =
        rows(
                d.s(),
                d.st(),
                "select pg_replication_origin_progress('pg_" + sub.oid() + "', true)::text as lsn")
            .get(0)
            .get("lsn");
    return lsn == null ? 0 : Lsn.parse(lsn);
  }

  /**
   * Moves the split slot to the end of the last commit the other side applied, once no walsender
   * holds it: from there it holds exactly the publisher's changes the other side never applied. The
   * subscription itself, enabled again, would have asked to start at that point and been given the
   * later of it and the slot's confirmed position; a confirmed position past it only skips what the
   * subscriber received and confirmed without having to apply (another origin's, say).
   */
  private boolean keepSplitSlot(Direction d, SplitFile f, StringBuilder ev) throws DriverException {
    Slot[] slot = {null};
    long ms =
        Poll.until(
            limits.catchUp(),
            20,
            () -> {
              slot[0] = end(d.pub(), d.pt(), d.db(), false).slot(f.slot()).orElse(null);
              return slot[0] == null || !slot[0].active();
            });
    if (ms < 0) {
      throw new DriverException(
          d.pub().name()
              + "'s split slot "
              + f.slot()
              + " is still in use "
              + limits.catchUp().toSeconds()
              + " s after "
              + d.sub().name()
              + "'s subscription was dropped; remove again once it is free",
          "");
    }
    if (slot[0] == null) {
      ev.append(d.pub().name())
          .append(" has lost its split slot ")
          .append(f.slot())
          .append(": its changes since the split cannot be listed\n");
      return false;
    }
    if (f.appliedUpTo() <= slot[0].confirmed()) {
      return false;
    }
    longRunning(
        d.p(),
        d.pt(),
        "select pg_replication_slot_advance("
            + PgLogical.literal(f.slot())
            + ", "
            + PgLogical.literal(Lsn.format(f.appliedUpTo()))
            + ")");
    ev.append(d.pub().name())
        .append("'s split slot ")
        .append(f.slot())
        .append(" moved from ")
        .append(Lsn.format(slot[0].confirmed()))
        .append(" to ")
        .append(Lsn.format(f.appliedUpTo()))
        .append(", past what ")
        .append(d.sub().name())
        .append(" applied\n");
    return true;
  }

  /** The subscriber's one subscription to the publisher, or none; more than one is refused. */
  private Optional<Subscription> link(Direction d) throws DriverException {
    List<Subscription> subs = end(d.sub(), d.st(), d.db(), false).to(d.pub(), d.db());
    if (subs.size() > 1) {
      throw new DriverException(
          d.sub().name()
              + " has "
              + subs.size()
              + " subscriptions to "
              + d.pub().name()
              + " in "
              + d.db()
              + names(subs)
              + "; Baton handles one per direction, merge them first",
          "");
    }
    return subs.stream().findFirst();
  }

  /** Disables, detaches from its slot (which stays on the publisher) and drops a subscription. */
  private void dropSubscription(PgConfig s, Transport st, Subscription sub) throws DriverException {
    String name = PgLogical.ident(sub.name());
    StringBuilder b = new StringBuilder();
    if (sub.enabled()) {
      b.append("alter subscription ").append(name).append(" disable; ");
    }
    if (sub.slot() != null) {
      b.append("alter subscription ").append(name).append(" set (slot_name = none); ");
    }
    // Without a slot it may be dropped in a transaction.
    b.append("drop subscription ").append(name);
    write(s, st, b.toString());
  }

  // ---- listing a side's split-time changes -------------------------------------------------

  /**
   * What {@code p} changed in {@code db} that the other side never applied, decoded from its split
   * slot without consuming it: a peek may be repeated, and the slot stays until the rebuild.
   */
  SplitChanges changes(PgConfig p, Transport t, String db) throws DriverException {
    SplitFile f =
        SplitFile.read(p, t, db)
            .orElseThrow(
                () ->
                    new DriverException(
                        "no split of "
                            + db
                            + " is recorded on "
                            + p.name()
                            + " ("
                            + SplitFile.path(p, db)
                            + "): Baton did not remove its link, or rebuilt it since",
                        ""));
    SplitChanges.Collector collector = new SplitChanges.Collector();
    String peek =
        "select data from pg_logical_slot_peek_binary_changes(?::name, null, null,"
            + " 'proto_version', '1', 'publication_names', ?::text, 'origin', 'none')";
    try (Connection c = sql.session(PgLogical.on(p, db), t)) {
      c.setNetworkTimeout(Runnable::run, (int) limits.copy().toMillis());
      c.setAutoCommit(false);
      try (PreparedStatement st = c.prepareStatement(peek)) {
        st.setFetchSize(1000);
        st.setString(1, f.slot());
        st.setString(2, f.publication());
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            collector.accept(PgOutputDecoder.decode(rs.getBytes(1)));
          }
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new DriverException(
          p.name() + ": reading its split slot " + f.slot() + " in " + db + " failed: " + first(e),
          peek);
    } catch (IllegalArgumentException e) {
      throw new DriverException(
          p.name() + "'s split slot " + f.slot() + " in " + db + " sent " + e.getMessage(), "");
    }
    return collector.done(p.name(), db, f.slot(), f.removedAt());
  }

  // ---- rebuilding --------------------------------------------------------------------------

  /** A link being rebuilt: the loser's data in {@code db} is replaced by the winner's. */
  private record Rebuild(PgConfig winner, Transport wt, PgConfig loser, Transport lt, String db) {
    PgConfig w() {
      return PgLogical.on(winner, db);
    }

    PgConfig l() {
      return PgLogical.on(loser, db);
    }

    String toLoser() {
      return subscription(db, winner);
    }

    String toWinner() {
      return subscription(db, loser);
    }
  }

  /**
   * Rebuilds the link of {@code db}: the loser's tables are emptied and copied from the winner,
   * then each follows the other again. Resumes from where an earlier run stopped.
   */
  ActionResult rebuild(PgConfig winner, Transport wt, PgConfig loser, Transport lt, String db)
      throws DriverException {
    return rebuild(winner, wt, loser, lt, db, Step.SYNC);
  }

  /** As {@link #rebuild}, stopping after {@code last}. */
  ActionResult rebuild(
      PgConfig winner, Transport wt, PgConfig loser, Transport lt, String db, Step last)
      throws DriverException {
    long t0 = System.nanoTime();
    Rebuild r = new Rebuild(winner, wt, loser, lt, db);
    String between = db + " between " + winner.name() + " and " + loser.name();
    boolean split =
        SplitFile.read(winner, wt, db).isPresent() || SplitFile.read(loser, lt, db).isPresent();
    if (!split && observe(winner, wt, loser, lt, db).state() == State.SYNCED) {
      return new ActionResult(between + " is already synced", "");
    }
    StringBuilder ev = new StringBuilder();
    String copied = "";
    for (Step step : Step.values()) {
      progress.accept("rebuilding " + between + ": " + step.name().toLowerCase());
      switch (step) {
        case CLEAR -> clear(r, ev);
        case PUBLISH -> {
          publish(winner, wt, db, ev);
          publish(loser, lt, db, ev);
        }
        case COPY -> copied = copy(r, ev);
        case FOLLOW -> follow(r, ev);
        case SYNC -> sync(r, ev);
      }
      if (step == last) {
        break;
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (last != Step.SYNC) {
      return new ActionResult(
          between + " rebuilt up to " + last.name().toLowerCase() + " in " + ms + " ms",
          ev.toString().strip());
    }
    return new ActionResult(
        between
            + " is replicated both ways again: "
            + loser.name()
            + "'s data was replaced by "
            + winner.name()
            + "'s"
            + copied
            + ", in "
            + ms
            + " ms",
        ev.toString().strip());
  }

  /**
   * Drops what a removal left: subscriptions between the two other than the rebuild's own (a live
   * one is refused: its side's changes would be lost without being listed), and the split slots,
   * unless a subscription of the rebuild uses a slot of that name already.
   */
  private void clear(Rebuild r, StringBuilder ev) throws DriverException {
    clearSubscriptions(r.l(), r.lt(), r.winner(), r.wt(), r.db(), r.toLoser(), ev);
    clearSubscriptions(r.w(), r.wt(), r.loser(), r.lt(), r.db(), r.toWinner(), ev);
    dropSplitSlot(r.winner(), r.wt(), r.loser(), r.lt(), r.db(), ev);
    dropSplitSlot(r.loser(), r.lt(), r.winner(), r.wt(), r.db(), ev);
  }

  private void clearSubscriptions(
      PgConfig s,
      Transport st,
      PgConfig publisher,
      Transport pt,
      String db,
      String ours,
      StringBuilder ev)
      throws DriverException {
    for (Subscription sub : end(s, st, db, false).to(publisher, db)) {
      if (sub.name().equals(ours)) {
        continue;
      }
      if (sub.enabled()) {
        throw new DriverException(
            db
                + " is still replicated from "
                + publisher.name()
                + " to "
                + s.name()
                + " by the subscription "
                + sub.name()
                + "; remove the link first, so that "
                + publisher.name()
                + "'s changes are listed before they are replaced",
            "");
      }
      dropSubscription(s, st, sub);
      ev.append(s.name()).append(" dropped the leftover subscription ").append(sub.name());
      ev.append('\n');
    }
  }

  private void dropSplitSlot(
      PgConfig c, Transport t, PgConfig other, Transport ot, String db, StringBuilder ev)
      throws DriverException {
    Optional<SplitFile> f = SplitFile.read(c, t, db);
    if (f.isEmpty() || end(c, t, db, false).slot(f.get().slot()).isEmpty()) {
      return;
    }
    String slot = f.get().slot();
    // A rebuilt subscription may be named like the split slot when an earlier rebuild made both.
    if (end(other, ot, db, false).to(c, db).stream().anyMatch(s -> slot.equals(s.slot()))) {
      return;
    }
    rows(
        PgLogical.on(c, db), t, "select pg_drop_replication_slot(" + PgLogical.literal(slot) + ")");
    ev.append(c.name()).append(" dropped its split slot ").append(slot).append('\n');
  }

  private void publish(PgConfig server, Transport t, String db, StringBuilder ev)
      throws DriverException {
    PgConfig c = PgLogical.on(server, db);
    String name = publication(db);
    List<Map<String, String>> have =
        rows(
            c,
            t,
            "select puballtables::text as every from pg_publication where pubname = "
                + PgLogical.literal(name));
    if (!have.isEmpty()) {
      if (!have.get(0).get("every").startsWith("t")) {
        throw new DriverException(
            server.name()
                + " has a publication "
                + name
                + " in "
                + db
                + " that does not publish all tables; drop it, Baton makes it again",
            "");
      }
      return;
    }
    write(c, t, "create publication " + PgLogical.ident(name) + " for all tables");
    ev.append(server.name()).append(" publishes every table of ").append(db);
    ev.append(" as ").append(name).append('\n');
  }

  /**
   * The loser's tables are emptied and a subscription copies the winner's rows into them, unless it
   * exists (an earlier run made it): then only its copy is awaited. The phrase of what was copied.
   */
  private String copy(Rebuild r, StringBuilder ev) throws DriverException {
    Optional<Subscription> sub = end(r.loser(), r.lt(), r.db(), false).named(r.toLoser());
    if (sub.isEmpty()) {
      emptyLoser(r, ev);
      subscribe(r.l(), r.lt(), r.winner(), r.toLoser(), true);
      ev.append(r.loser().name()).append(" copies ").append(r.db()).append(" from ");
      ev.append(r.winner().name()).append(" by the subscription ").append(r.toLoser());
      ev.append('\n');
    } else if (!sub.get().enabled()) {
      write(r.l(), r.lt(), "alter subscription " + PgLogical.ident(r.toLoser()) + " enable");
    }
    int tables = awaitCopied(r);
    ev.append(r.loser().name()).append(" has every table of ").append(r.db());
    ev.append(" ready (").append(tables).append(")\n");
    return " (" + tables + (tables == 1 ? " table" : " tables") + " copied)";
  }

  /** TRUNCATE of every table the winner publishes, on the loser, in one statement. */
  private void emptyLoser(Rebuild r, StringBuilder ev) throws DriverException {
    List<String> tables = new ArrayList<>();
    for (Map<String, String> row :
        rows(
            r.w(),
            r.wt(),
            "select format('%I.%I', schemaname, tablename) as t from pg_publication_tables"
                + " where pubname = "
                + PgLogical.literal(publication(r.db()))
                + " order by 1")) {
      tables.add(row.get("t"));
    }
    if (tables.isEmpty()) {
      return;
    }
    List<String> literals = tables.stream().map(PgLogical::literal).toList();
    List<Map<String, String>> missing =
        rows(
            r.l(),
            r.lt(),
            "select t from unnest(array["
                + String.join(", ", literals)
                + "]::text[]) t where to_regclass(t) is null");
    if (!missing.isEmpty()) {
      throw new DriverException(
          r.loser().name()
              + " lacks tables of "
              + r.winner().name()
              + " in "
              + r.db()
              + ": "
              + String.join(", ", missing.stream().map(m -> m.get("t")).toList())
              + "; create them there (DDL is not replicated), then rebuild again",
          "");
    }
    write(r.l(), r.lt(), "truncate table " + String.join(", ", tables) + " cascade");
    ev.append(r.loser().name()).append(" emptied its tables of ").append(r.db()).append(": ");
    ev.append(String.join(", ", tables)).append('\n');
  }

  /** Waits until the loser's subscription has every table ready; how many it has. */
  private int awaitCopied(Rebuild r) throws DriverException {
    String[] last = {""};
    int[] tables = {0};
    long ms =
        Poll.until(
            limits.copy(),
            200,
            () -> {
              Optional<Subscription> s = end(r.loser(), r.lt(), r.db(), false).named(r.toLoser());
              if (s.isEmpty()) {
                throw new DriverException(
                    r.loser().name() + "'s subscription " + r.toLoser() + " was dropped", "");
              }
              tables[0] = s.get().tables();
              String now =
                  r.loser().name()
                      + " copies "
                      + r.db()
                      + " from "
                      + r.winner().name()
                      + ": "
                      + (s.get().tables() - s.get().notReady())
                      + " of "
                      + s.get().tables()
                      + " tables ready";
              if (!now.equals(last[0])) {
                progress.accept(now);
                last[0] = now;
              }
              return s.get().notReady() == 0;
            });
    if (ms < 0) {
      List<Map<String, String>> errors =
          rows(
              r.l(),
              r.lt(),
              "select sync_error_count::text as n from pg_stat_subscription_stats where subname = "
                  + PgLogical.literal(r.toLoser()));
      throw new DriverException(
          last[0]
              + " after "
              + limits.copy().toSeconds()
              + " s"
              + (errors.isEmpty() ? "" : " (" + errors.get(0).get("n") + " copy errors)")
              + "; see "
              + r.loser().name()
              + "'s server log, then rebuild again to go on waiting",
          "");
    }
    return tables[0];
  }

  private void follow(Rebuild r, StringBuilder ev) throws DriverException {
    Optional<Subscription> sub = end(r.winner(), r.wt(), r.db(), false).named(r.toWinner());
    if (sub.isEmpty()) {
      subscribe(r.w(), r.wt(), r.loser(), r.toWinner(), false);
      ev.append(r.winner().name()).append(" follows ").append(r.loser().name());
      ev.append(" in ").append(r.db()).append(" by the subscription ").append(r.toWinner());
      ev.append('\n');
    } else if (!sub.get().enabled()) {
      write(r.w(), r.wt(), "alter subscription " + PgLogical.ident(r.toWinner()) + " enable");
    }
  }

  /** The split is over: its records go, and the link is awaited in step. */
  private void sync(Rebuild r, StringBuilder ev) throws DriverException {
    SplitFile.delete(r.winner(), r.wt(), r.db());
    SplitFile.delete(r.loser(), r.lt(), r.db());
    Reading[] now = {null};
    long ms =
        Poll.until(
            limits.catchUp(),
            50,
            () -> {
              now[0] = observe(r.winner(), r.wt(), r.loser(), r.lt(), r.db());
              return now[0].state() == State.SYNCED;
            });
    if (ms < 0) {
      throw new DriverException(
          now[0].sentence() + " " + limits.catchUp().toSeconds() + " s after the rebuild", "");
    }
    ev.append(now[0].sentence()).append(" after ").append(ms).append(" ms\n");
  }

  /**
   * A subscription on {@code s} (one database) to the publication {@code baton_<db>} of {@code
   * publisher}, not passing on what came from elsewhere.
   */
  private void subscribe(
      PgConfig s, Transport st, PgConfig publisher, String name, boolean copyData)
      throws DriverException {
    rows(s, st, "set default_transaction_read_only = off");
    // Alone: CREATE SUBSCRIPTION that creates a slot cannot run inside a transaction.
    rows(
        s,
        st,
        "create subscription "
            + PgLogical.ident(name)
            + " connection "
            + PgLogical.literal(PgLogical.conninfo(publisher, s.database(), name))
            + " publication "
            + PgLogical.ident(publication(s.database()))
            + " with (origin = none, copy_data = "
            + copyData
            + ")");
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** One side in one database, read in one statement ({@code probe}: with the short timeout). */
  private LinkEnd end(PgConfig c, Transport t, String db, boolean probe) throws DriverException {
    PgConfig on = PgLogical.on(c, db);
    try {
      return LinkEnd.of(probe ? sql.probe(on, t, LinkEnd.SQL) : sql.query(on, t, LinkEnd.SQL));
    } catch (SQLException e) {
      throw new DriverException(on.name() + ": " + first(e), LinkEnd.SQL);
    }
  }

  private List<Map<String, String>> rows(PgConfig c, Transport t, String statement)
      throws DriverException {
    try {
      return sql.query(c, t, statement);
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + first(e), statement);
    }
  }

  /** In one read-write transaction, whatever the database defaults to. */
  private void write(PgConfig c, Transport t, String statements) throws DriverException {
    try {
      sql.queryAll(c, t, "start transaction read write; " + statements + "; commit");
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + first(e), statements);
    }
  }

  /** A statement that may run longer than a held connection's timeout, on its own session. */
  private void longRunning(PgConfig c, Transport t, String statement) throws DriverException {
    try (Connection conn = sql.session(c, t)) {
      conn.setNetworkTimeout(Runnable::run, (int) limits.copy().toMillis());
      try (var st = conn.createStatement()) {
        st.execute(statement);
      }
    } catch (SQLException e) {
      throw new DriverException(c.name() + ": " + first(e), statement);
    }
  }

  private static String first(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.lines().findFirst().orElse("");
  }
}
