package dev.baton.drivers.postgresql;

import dev.baton.drivers.postgresql.LinkEnd.Slot;
import dev.baton.drivers.postgresql.LinkEnd.Subscription;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The removal of a two-way link (see {@link PgDualLinks#remove}): each side keeps the slot of the
 * other side's dropped subscription as its split slot.
 */
final class LinkRemoval {

  private final LinkSql sql;
  private final PgDualLinks.Limits limits;

  LinkRemoval(LinkSql sql, PgDualLinks.Limits limits) {
    this.sql = sql;
    this.limits = limits;
  }

  /** One direction of a link: {@code sub} applies what {@code pub} publishes. */
  private record Direction(PgConfig sub, Transport st, PgConfig pub, Transport pt, String db) {
    PgConfig s() {
      return PgLogical.on(sub, db);
    }

    PgConfig p() {
      return PgLogical.on(pub, db);
    }
  }

  /** Removes the link of {@code db} between x and y; see {@link PgDualLinks#remove}. */
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
    long target = sql.end(d.pub(), d.pt(), d.db(), false).walLsn();
    long[] lag = {-1};
    int[] notReady = {0};
    long ms =
        Poll.until(
            limits.catchUp(),
            20,
            () -> {
              Optional<Slot> slot = sql.end(d.pub(), d.pt(), d.db(), false).slot(sub.slot());
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
        sql.write(d.s(), d.st(), "alter subscription " + PgLogical.ident(sub.name()) + " disable");
      }
      awaitWorkerGone(d, sub);
      long applied = appliedUpTo(d, sub);
      if (file.isEmpty()) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        new SplitFile(now, slot, sub.publications(), applied).writeOnce(d.pub(), d.pt(), d.db());
        file = SplitFile.read(d.pub(), d.pt(), d.db());
      }
      sql.dropSubscription(d.s(), d.st(), sub);
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
        Poll.until(
            limits.catchUp(), 20, () -> "0".equals(sql.rows(d.s(), d.st(), q).get(0).get("n")));
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
        sql.rows(
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
              slot[0] = sql.end(d.pub(), d.pt(), d.db(), false).slot(f.slot()).orElse(null);
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
    sql.longRunning(
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
    List<Subscription> subs = sql.end(d.sub(), d.st(), d.db(), false).to(d.pub(), d.db());
    if (subs.size() > 1) {
      throw new DriverException(
          d.sub().name()
              + " has "
              + subs.size()
              + " subscriptions to "
              + d.pub().name()
              + " in "
              + d.db()
              + PgDualLinks.names(subs)
              + "; Baton handles one per direction, merge them first",
          "");
    }
    return subs.stream().findFirst();
  }
}
