package dev.baton.drivers.postgresql;

import dev.baton.drivers.postgresql.LinkEnd.Subscription;
import dev.baton.drivers.postgresql.PgDualLinks.Reading;
import dev.baton.drivers.postgresql.PgDualLinks.State;
import dev.baton.drivers.postgresql.PgDualLinks.Step;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The rebuild of a two-way link from a winner (see {@link PgDualLinks#rebuild}), step by step, each
 * step done only when an earlier run did not do it.
 */
final class LinkRebuild {

  private final PgDualLinks links;
  private final LinkSql sql;
  private final PgDualLinks.Limits limits;
  private final Consumer<String> progress;

  LinkRebuild(
      PgDualLinks links, LinkSql sql, PgDualLinks.Limits limits, Consumer<String> progress) {
    this.links = links;
    this.sql = sql;
    this.limits = limits;
    this.progress = progress;
  }

  /** A link being rebuilt: the loser's data in {@code db} is replaced by the winner's. */
  private record Rebuild(PgConfig winner, Transport wt, PgConfig loser, Transport lt, String db) {
    PgConfig w() {
      return PgLogical.on(winner, db);
    }

    PgConfig l() {
      return PgLogical.on(loser, db);
    }

    String toLoser() {
      return PgDualLinks.subscription(db, winner);
    }

    String toWinner() {
      return PgDualLinks.subscription(db, loser);
    }
  }

  /** Rebuilds the link of {@code db} from {@code winner}, stopping after {@code last}. */
  ActionResult rebuild(
      PgConfig winner, Transport wt, PgConfig loser, Transport lt, String db, Step last)
      throws DriverException {
    long t0 = System.nanoTime();
    Rebuild r = new Rebuild(winner, wt, loser, lt, db);
    String between = db + " between " + winner.name() + " and " + loser.name();
    boolean split =
        SplitFile.read(winner, wt, db).isPresent() || SplitFile.read(loser, lt, db).isPresent();
    if (!split && links.observe(winner, wt, loser, lt, db).state() == State.SYNCED) {
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
    for (Subscription sub : sql.end(s, st, db, false).to(publisher, db)) {
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
      sql.dropSubscription(s, st, sub);
      ev.append(s.name()).append(" dropped the leftover subscription ").append(sub.name());
      ev.append('\n');
    }
  }

  private void dropSplitSlot(
      PgConfig c, Transport t, PgConfig other, Transport ot, String db, StringBuilder ev)
      throws DriverException {
    Optional<SplitFile> f = SplitFile.read(c, t, db);
    if (f.isEmpty() || sql.end(c, t, db, false).slot(f.get().slot()).isEmpty()) {
      return;
    }
    String slot = f.get().slot();
    // A rebuilt subscription may be named like the split slot when an earlier rebuild made both.
    if (sql.end(other, ot, db, false).to(c, db).stream().anyMatch(s -> slot.equals(s.slot()))) {
      return;
    }
    sql.rows(
        PgLogical.on(c, db), t, "select pg_drop_replication_slot(" + PgLogical.literal(slot) + ")");
    ev.append(c.name()).append(" dropped its split slot ").append(slot).append('\n');
  }

  private void publish(PgConfig server, Transport t, String db, StringBuilder ev)
      throws DriverException {
    PgConfig c = PgLogical.on(server, db);
    String name = PgDualLinks.publication(db);
    List<Map<String, String>> have =
        sql.rows(
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
    sql.write(c, t, "create publication " + PgLogical.ident(name) + " for all tables");
    ev.append(server.name()).append(" publishes every table of ").append(db);
    ev.append(" as ").append(name).append('\n');
  }

  /**
   * The loser's tables are emptied and a subscription copies the winner's rows into them, unless it
   * exists (an earlier run made it): then only its copy is awaited. The phrase of what was copied.
   */
  private String copy(Rebuild r, StringBuilder ev) throws DriverException {
    Optional<Subscription> sub = sql.end(r.loser(), r.lt(), r.db(), false).named(r.toLoser());
    if (sub.isEmpty()) {
      emptyLoser(r, ev);
      subscribe(r.l(), r.lt(), r.winner(), r.toLoser(), true);
      ev.append(r.loser().name()).append(" copies ").append(r.db()).append(" from ");
      ev.append(r.winner().name()).append(" by the subscription ").append(r.toLoser());
      ev.append('\n');
    } else if (!sub.get().enabled()) {
      sql.write(r.l(), r.lt(), "alter subscription " + PgLogical.ident(r.toLoser()) + " enable");
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
        sql.rows(
            r.w(),
            r.wt(),
            "select format('%I.%I', schemaname, tablename) as t from pg_publication_tables"
                + " where pubname = "
                + PgLogical.literal(PgDualLinks.publication(r.db()))
                + " order by 1")) {
      tables.add(row.get("t"));
    }
    if (tables.isEmpty()) {
      return;
    }
    List<String> literals = tables.stream().map(PgLogical::literal).toList();
    List<Map<String, String>> missing =
        sql.rows(
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
    sql.write(r.l(), r.lt(), "truncate table " + String.join(", ", tables) + " cascade");
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
              Optional<Subscription> s =
                  sql.end(r.loser(), r.lt(), r.db(), false).named(r.toLoser());
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
          sql.rows(
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
    Optional<Subscription> sub = sql.end(r.winner(), r.wt(), r.db(), false).named(r.toWinner());
    if (sub.isEmpty()) {
      subscribe(r.w(), r.wt(), r.loser(), r.toWinner(), false);
      ev.append(r.winner().name()).append(" follows ").append(r.loser().name());
      ev.append(" in ").append(r.db()).append(" by the subscription ").append(r.toWinner());
      ev.append('\n');
    } else if (!sub.get().enabled()) {
      sql.write(r.w(), r.wt(), "alter subscription " + PgLogical.ident(r.toWinner()) + " enable");
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
              now[0] = links.observe(r.winner(), r.wt(), r.loser(), r.lt(), r.db());
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
    sql.rows(s, st, "set default_transaction_read_only = off");
    // Alone: CREATE SUBSCRIPTION that creates a slot cannot run inside a transaction.
    sql.rows(
        s,
        st,
        "create subscription "
            + PgLogical.ident(name)
            + " connection "
            + PgLogical.literal(PgLogical.conninfo(publisher, s.database(), name))
            + " publication "
            + PgLogical.ident(PgDualLinks.publication(s.database()))
            + " with (origin = none, copy_data = "
            + copyData
            + ")");
  }
}
