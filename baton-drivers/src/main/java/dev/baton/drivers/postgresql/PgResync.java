package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether a stopped former primary must be resynchronised (pg_rewind) before it follows a new
 * primary. It need not when both were online for the switch: it shut down cleanly and the new
 * primary replayed its shutdown checkpoint before it forked a new timeline (seed 004: reverse
 * replication without resynchronisation is possible only when both servers were connected).
 */
final class PgResync {

  /** The verdict and the sentence that explains it, for the step's evidence. */
  record Verdict(boolean needed, String sentence) {}

  private final PgSql sql;

  PgResync(PgSql sql) {
    this.sql = sql;
  }

  /** {@code old} is the stopped server's state; {@code wasClean} is how it stopped. */
  Verdict judge(PgState old, boolean wasClean, PgConfig primary, Transport pt)
      throws DriverException {
    String name = old.name();
    if (!wasClean) {
      return new Verdict(
          true,
          "resync with pg_rewind: "
              + name
              + " did not shut down cleanly, so it may hold WAL "
              + primary.name()
              + " never received");
    }
    long checkpoint = old.checkpointLsn();
    int oldTli = parseTli(old.timeline());
    Optional<Integer> newTli = currentTimeline(primary, pt);
    if (checkpoint < 0 || oldTli < 0 || newTli.isEmpty()) {
      return new Verdict(
          true,
          "resync with pg_rewind: the shutdown point of "
              + name
              + " or the timeline of "
              + primary.name()
              + " cannot be read");
    }
    if (newTli.get() == oldTli) {
      return new Verdict(
          false,
          "no resync: " + name + " and " + primary.name() + " are on one timeline " + oldTli);
    }
    Optional<Long> fork = forkPoint(primary, pt, newTli.get(), oldTli);
    if (fork.isPresent() && fork.get() > checkpoint) {
      return new Verdict(
          false,
          "no resync: "
              + name
              + " shut down cleanly at "
              + Lsn.format(checkpoint)
              + " on timeline "
              + oldTli
              + ", and "
              + primary.name()
              + " replayed it before forking timeline "
              + newTli.get()
              + " at "
              + Lsn.format(fork.get()));
    }
    return new Verdict(
        true,
        "resync with pg_rewind: "
            + primary.name()
            + " left timeline "
            + oldTli
            + (fork.map(f -> " at " + Lsn.format(f)).orElse(""))
            + ", before "
            + name
            + "'s shutdown checkpoint at "
            + Lsn.format(checkpoint));
  }

  private Optional<Integer> currentTimeline(PgConfig primary, Transport pt) throws DriverException {
    try {
      String file =
          sql.query(primary, pt, "select pg_walfile_name(pg_current_wal_lsn()) as f")
              .get(0)
              .get("f");
      return Optional.of(Integer.parseInt(file.substring(0, 8), 16));
    } catch (SQLException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Where the primary's history says it left {@code oldTli}: the first LSN of the next one. */
  private static Optional<Long> forkPoint(PgConfig primary, Transport pt, int tli, int oldTli)
      throws DriverException {
    String path = primary.dataDir() + "/pg_wal/" + String.format("%08X", tli) + ".history";
    Optional<String> history = pt.readFile(path);
    if (history.isEmpty()) {
      return Optional.empty();
    }
    for (String line : history.get().split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 2 && f[0].equals(Integer.toString(oldTli))) {
        return Optional.of(Lsn.parse(f[1]));
      }
    }
    return Optional.empty();
  }

  private static int parseTli(String s) {
    try {
      return s == null ? -1 : Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
