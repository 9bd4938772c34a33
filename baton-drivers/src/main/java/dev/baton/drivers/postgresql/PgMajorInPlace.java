package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.engine.ResultKey;
import dev.baton.model.Version;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A major upgrade of one server in place, without pg_upgrade or pg_dump (neither exists for the new
 * major here): a new cluster of the new major is made beside the data directory ({@code
 * <dataDir>.new-<major>}), filled over JDBC from the fenced old server ({@link PgClusterCopy},
 * {@link PgSchemaCopy}), checked against it ({@link PgInventory}), and swapped in: the old data
 * directory becomes {@code <dataDir>.old-<major>}, the way back, and the new one starts on the
 * original port.
 *
 * <p>Every call reads the disk first and goes on from there, so a call after a crash at any point
 * converges without repeating harm: a new directory without the marker {@value #MARKER} is made
 * again (the old server still has every row), a complete one is swapped in, a swap left half done
 * is finished, and a server already on the new major is only started.
 */
final class PgMajorInPlace {

  /** Written into the new directory once its copy has been checked: only then may it swap in. */
  static final String MARKER = "baton-copy-complete";

  /** Which way a call went ({@link Route}'s name). */
  static final ResultKey<String> ROUTE = ResultKey.text("majorRoute");

  /** The old data directory kept as the way back. */
  static final ResultKey<String> KEPT = ResultKey.text("keptDataDir");

  /** How many rows the copy carried. */
  static final ResultKey<Long> ROWS = ResultKey.count("copiedRows");

  /** The way a call went, by what it found on the node's disk. */
  enum Route {
    ALREADY("already ran it; nothing was done"),
    STARTED("already held it but was stopped; started it"),
    COPIED("copied into a new cluster, checked it and swapped it in"),
    COPIED_AGAIN(
        "found an unfinished copy (a run stopped before its check), made it again, checked it and"
            + " swapped it in"),
    SWAPPED("found a checked copy that a run had not swapped in yet, and swapped it in"),
    SWAP_FINISHED("found a swap left half done, and finished it");

    final String sentence;

    Route(String sentence) {
      this.sentence = sentence;
    }
  }

  /** The directories of one upgrade. */
  record Dirs(String data, String fresh, String kept, String freshLog) {
    static Dirs of(PgConfig c, int from, int to) {
      String d = c.dataDir().replaceAll("/+$", "");
      return new Dirs(d, d + ".new-" + to, d + ".old-" + from, d + ".new-" + to + ".log");
    }
  }

  /** What the new directory holds. */
  enum Fresh {
    ABSENT,
    PARTIAL,
    COMPLETE
  }

  /** What the node's disk holds: the data directory's major (0: none), and the kept ones. */
  record Disk(int dataMajor, Fresh fresh, Map<String, Integer> kept) {}

  private final PgSql sql;
  private final Consumer<String> progress;

  PgMajorInPlace(PgSql sql, Consumer<String> progress) {
    this.sql = sql;
    this.progress = progress;
  }

  /** Upgrades {@code c} in place to {@code to}, or goes on with an upgrade a crash stopped. */
  ActionResult upgrade(PgConfig c, Transport t, Version to) throws DriverException {
    long t0 = System.nanoTime();
    PgCtl next = new PgCtl(c, t, c.binDir(to));
    Disk disk = disk(c, t, to.major());
    if (disk.dataMajor() == to.major()) {
      boolean ran = next.runs(c.dataDir());
      StringBuilder ev = new StringBuilder();
      if (!ran) {
        ev.append(next.start(c.dataDir(), c.logFile(), "").transcript()).append('\n');
      }
      return result(c, t, to, ran ? Route.ALREADY : Route.STARTED, disk, null, ev, t0);
    }
    if (disk.dataMajor() == 0) {
      return finishSwap(c, t, to, disk, next, t0);
    }
    if (disk.dataMajor() > to.major()) {
      throw new DriverException(
          c.name()
              + "'s data directory "
              + c.dataDir()
              + " holds PostgreSQL "
              + disk.dataMajor()
              + ", newer than "
              + to
              + "; a major version is not upgraded downwards",
          "");
    }
    Version from = versionOf(c, disk.dataMajor());
    Dirs dirs = Dirs.of(c, from.major(), to.major());
    if (disk.kept().containsKey(dirs.kept())) {
      throw new DriverException(
          dirs.kept()
              + " exists already on "
              + c.node()
              + " (an earlier upgrade's way back?); move it away or delete it, then upgrade "
              + c.name()
              + " again",
          "");
    }
    StringBuilder ev = new StringBuilder();
    PgCtl old = new PgCtl(c, t, c.binDir(from));
    Route route;
    PgNewCluster.Built copied = null;
    if (disk.fresh() == Fresh.COMPLETE) {
      route = Route.SWAPPED;
    } else {
      route = disk.fresh() == Fresh.PARTIAL ? Route.COPIED_AGAIN : Route.COPIED;
      copied =
          new PgNewCluster(sql, progress)
              .build(c, t, old, next, from, to, dirs, disk.fresh() == Fresh.PARTIAL, ev);
    }
    swap(c, t, old, next, dirs, ev);
    return result(c, t, to, route, disk(c, t, to.major()), copied, ev, t0);
  }

  // ---- what is on disk ---------------------------------------------------------------------

  private static final String DISK =
      "d=\"$1\"; n=\"$2\"; v=; [ -f \"$d/PG_VERSION\" ] && read -r v < \"$d/PG_VERSION\"; "
          + "echo \"data ${v:-0}\"; "
          + "if [ -d \"$n\" ]; then if [ -f \"$n/"
          + MARKER
          + "\" ]; then echo 'fresh COMPLETE'; else echo 'fresh PARTIAL'; fi; "
          + "else echo 'fresh ABSENT'; fi; "
          + "for o in \"$d\".old-*; do if [ -f \"$o/PG_VERSION\" ]; then read -r ov < "
          + "\"$o/PG_VERSION\"; echo \"kept $ov $o\"; fi; done; true";

  /** The data directory's major, the new directory's state and the kept directories, at once. */
  Disk disk(PgConfig c, Transport t, int toMajor) throws DriverException {
    String d = c.dataDir().replaceAll("/+$", "");
    CommandResult r = PgActions.run(t, c, "sh", "-c", DISK, "sh", d, d + ".new-" + toMajor);
    int major = 0;
    Fresh fresh = Fresh.ABSENT;
    Map<String, Integer> kept = new LinkedHashMap<>();
    for (String line : r.stdout().lines().toList()) {
      String[] w = line.strip().split(" ", 3);
      switch (w[0]) {
        case "data" -> major = w[1].matches("\\d+") ? Integer.parseInt(w[1]) : 0;
        case "fresh" -> fresh = Fresh.valueOf(w[1]);
        case "kept" -> kept.put(w[2], w[1].matches("\\d+") ? Integer.parseInt(w[1]) : 0);
        default -> {}
      }
    }
    return new Disk(major, fresh, kept);
  }

  /** The {@code bin.<version>} of a major: the declared version if of that major, else newest. */
  static Version versionOf(PgConfig c, int major) throws DriverException {
    if (c.declaredVersion().major() == major && c.binDirs().containsKey(c.declaredVersion())) {
      return c.declaredVersion();
    }
    Version best = null;
    for (Version v : c.binDirs().keySet()) {
      if (v.major() == major) {
        best = v;
      }
    }
    if (best == null) {
      throw new DriverException(
          c.name()
              + "'s data directory holds PostgreSQL "
              + major
              + ", and it has no bin.<version> of that major; add one (e.g. bin."
              + major
              + ".0) naming its binaries",
          "");
    }
    return best;
  }

  // ---- the swap ----------------------------------------------------------------------------

  /** Renames $1 to $2, which must not exist: mv would move $1 into a directory $2. */
  private static final String RENAME =
      "if [ -e \"$2\" ]; then echo \"$2 exists\" >&2; exit 1; fi; mv \"$1\" \"$2\"";

  /**
   * Stops both servers (a new one a crash left running, and the old one), renames the old data
   * directory to the kept one and the new one into its place, and starts it on the original port.
   */
  private void swap(PgConfig c, Transport t, PgCtl old, PgCtl next, Dirs dirs, StringBuilder ev)
      throws DriverException {
    progress.accept(c.name() + ": swapping the new cluster into " + dirs.data());
    next.stop(dirs.fresh());
    sql.drop(c.name());
    if (old.stop(dirs.data())) {
      step(ev, "stopped the old server");
    }
    PgActions.run(
        t,
        c,
        "sh",
        "-c",
        RENAME + " && mv \"$3\" \"$1\"",
        "sh",
        dirs.data(),
        dirs.kept(),
        dirs.fresh());
    step(
        ev,
        "renamed "
            + dirs.data()
            + " to "
            + dirs.kept()
            + " and "
            + dirs.fresh()
            + " to "
            + dirs.data());
    ev.append(next.start(dirs.data(), c.logFile(), "").transcript()).append('\n');
  }

  /** The data directory is gone: a crash came between the swap's two renames. */
  private ActionResult finishSwap(
      PgConfig c, Transport t, Version to, Disk disk, PgCtl next, long t0) throws DriverException {
    String d = c.dataDir().replaceAll("/+$", "");
    String fresh = d + ".new-" + to.major();
    if (disk.fresh() != Fresh.COMPLETE || disk.kept().isEmpty()) {
      throw new DriverException(
          "no PostgreSQL data directory at "
              + c.dataDir()
              + " on "
              + c.node()
              + (disk.kept().isEmpty()
                  ? ""
                  : "; the kept " + String.join(", ", disk.kept().keySet()) + " may be put back")
              + (disk.fresh() == Fresh.ABSENT ? "" : "; " + fresh + " is not a checked copy"),
          "");
    }
    StringBuilder ev = new StringBuilder();
    next.stop(fresh);
    progress.accept(c.name() + ": finishing a swap a crash left half done");
    PgActions.run(t, c, "sh", "-c", RENAME, "sh", fresh, d);
    step(ev, "renamed " + fresh + " to " + d);
    ev.append(next.start(d, c.logFile(), "").transcript()).append('\n');
    return result(c, t, to, Route.SWAP_FINISHED, disk(c, t, to.major()), null, ev, t0);
  }

  // ---- the result --------------------------------------------------------------------------

  private ActionResult result(
      PgConfig c,
      Transport t,
      Version to,
      Route route,
      Disk disk,
      PgNewCluster.Built copied,
      StringBuilder ev,
      long t0)
      throws DriverException {
    int num = serverVersionNum(c, t);
    if (num / 10000 != to.major()) {
      throw new DriverException(
          c.name()
              + " answers on port "
              + c.port()
              + " as server_version_num "
              + num
              + ", not PostgreSQL "
              + to.major(),
          ev.toString());
    }
    String kept =
        disk.kept().entrySet().stream()
            .filter(e -> e.getValue() < to.major())
            .map(Map.Entry::getKey)
            .reduce((a, b) -> b)
            .orElse("");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    StringBuilder s =
        new StringBuilder(c.name())
            .append(" runs PostgreSQL ")
            .append(to.major())
            .append(" (server_version_num ")
            .append(num)
            .append(") from ")
            .append(c.dataDir())
            .append(" on port ")
            .append(c.port())
            .append(": ")
            .append(route.sentence);
    if (copied != null) {
      s.append(" (")
          .append(copied.databases().size())
          .append(" databases, ")
          .append(copied.rows())
          .append(" rows)");
    }
    s.append(" in ").append(ms).append(" ms");
    if (!kept.isEmpty()) {
      s.append("; the old data directory is kept at ")
          .append(kept)
          .append(" (the way back; its databases still default to read-only)");
    }
    if (copied != null) {
      s.append(copied.clauses());
    }
    ActionResult r =
        new ActionResult(s.toString(), ev.toString().strip())
            .with(ROUTE, route.name())
            .with(KEPT, kept);
    return copied == null ? r : r.with(ROWS, copied.rows());
  }

  private int serverVersionNum(PgConfig c, Transport t) throws DriverException {
    try {
      return Integer.parseInt(
          sql.query(c, t, "select current_setting('server_version_num') as v").get(0).get("v"));
    } catch (SQLException e) {
      throw new DriverException(
          c.name() + " does not answer after its start: " + e.getMessage(), "");
    }
  }

  private static void step(StringBuilder ev, String line) {
    ev.append(line).append('\n');
  }
}
