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

  private final LinkSql links;
  private final Limits limits;
  private final Consumer<String> progress;

  PgDualLinks(PgSql sql, Limits limits, Consumer<String> progress) {
    this.links = new LinkSql(sql, limits.copy());
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
    LinkEnd ex = links.end(x, xt, db, true);
    LinkEnd ey = links.end(y, yt, db, true);
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

  static String names(List<Subscription> subs) {
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
    try (Connection c = links.session(PgLogical.on(p, db), t)) {
      c.setNetworkTimeout(Runnable::run, links.longest());
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
          p.name()
              + ": reading its split slot "
              + f.slot()
              + " in "
              + db
              + " failed: "
              + LinkSql.first(e),
          peek);
    } catch (IllegalArgumentException e) {
      throw new DriverException(
          p.name() + "'s split slot " + f.slot() + " in " + db + " sent " + e.getMessage(), "");
    }
    return collector.done(p.name(), db, f.slot(), f.removedAt());
  }

  // ---- removing and rebuilding --------------------------------------------------------------

  /**
   * Drops {@code c}'s split slot of {@code db} before its data is copied into a new major's
   * cluster, where no slot survives: what it held is either listed already (side B's changes are
   * listed before its upgrade) or not needed (the winner's changes reach the loser by the rebuild's
   * copy). The split record stays, so the removal time is still known. Empty when there was nothing
   * to drop.
   */
  Optional<String> dropSplitSlot(PgConfig c, Transport t, String db) throws DriverException {
    Optional<SplitFile> f = SplitFile.read(c, t, db);
    if (f.isEmpty() || links.end(c, t, db, false).slot(f.get().slot()).isEmpty()) {
      return Optional.empty();
    }
    links.rows(
        PgLogical.on(c, db),
        t,
        "select pg_drop_replication_slot(" + PgLogical.literal(f.get().slot()) + ")");
    return Optional.of(f.get().slot());
  }

  /**
   * Removes the link of {@code db}: each side first confirms the other's WAL up to now (else
   * nothing changes), then each subscription is dropped and its slot kept on its publisher as that
   * side's split slot, at the last of its commits the other side applied. Resumes a removal that
   * stopped half way; says so when there is nothing left to do.
   */
  ActionResult remove(PgConfig x, Transport xt, PgConfig y, Transport yt, String db)
      throws DriverException {
    return new LinkRemoval(links, limits).remove(x, xt, y, yt, db);
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
    return new LinkRebuild(this, links, limits, progress).rebuild(winner, wt, loser, lt, db, last);
  }
}
