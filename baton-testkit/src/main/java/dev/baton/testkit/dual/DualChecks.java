package dev.baton.testkit.dual;

import dev.baton.testkit.dual.SideWrite.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What must hold of a dual-side run, checked on the clients' write logs and the servers' rows. Each
 * check returns its violations, each a sentence; none means the run kept the rule.
 */
public final class DualChecks {

  private DualChecks() {}

  /** One broken rule: which check found it, and a sentence naming the write or row. */
  public record Violation(String check, String sentence) {
    @Override
    public String toString() {
      return check + ": " + sentence;
    }
  }

  /** One change as a split list names it: the table, what was done, and the key. */
  public record Change(String table, Op op, long key) {
    static Change of(SideWrite w) {
      return new Change(w.table(), w.op(), w.key());
    }
  }

  /**
   * What {@link #splitListEquals} found: the violations, and the acknowledged writes at the
   * window's edges that the list left out. Those may have reached side A before the split; the
   * caller checks that they did, with {@link #effectsOn}.
   */
  public record SplitListReport(List<Violation> violations, List<SideWrite> unlistedAtEdges) {}

  private record Cell(String table, long key) {}

  /**
   * Side A writes odd keys and side B even ones, so no key can be acknowledged by both: any write
   * of the wrong parity, or any key both sides had acknowledged, is a violation.
   */
  public static List<Violation> keysCannotCollide(
      List<SideWrite> writesA, List<SideWrite> writesB) {
    String check = "keysCannotCollide";
    List<Violation> out = new ArrayList<>();
    for (List<SideWrite> writes : List.of(writesA, writesB)) {
      for (SideWrite w : writes) {
        if (!w.side().owns(w.key())) {
          out.add(
              new Violation(
                  check,
                  "side "
                      + w.side()
                      + " wrote "
                      + w.table()
                      + " key "
                      + w.key()
                      + " (seq "
                      + w.seq()
                      + "), a key of side "
                      + w.side().other()));
        }
      }
    }
    Set<Cell> ackedByA = acknowledgedCells(writesA);
    for (Cell c : acknowledgedCells(writesB)) {
      if (ackedByA.contains(c)) {
        out.add(
            new Violation(
                check, c.table() + " key " + c.key() + " was acknowledged by both sides"));
      }
    }
    return out;
  }

  private static Set<Cell> acknowledgedCells(List<SideWrite> writes) {
    return writes.stream()
        .filter(SideWrite::acknowledged)
        .map(w -> new Cell(w.table(), w.key()))
        .collect(Collectors.toSet());
  }

  /**
   * The state one side's writes imply, in the order written, holds on both servers: a key inserted
   * or updated and not later deleted has the note of its last acknowledged insert or update, a
   * deleted key is absent, a key never acknowledged is absent; a write in doubt may have happened
   * or not. A row of that side that no write of it can explain is a violation too.
   */
  public static List<Violation> presentOnBoth(List<SideWrite> writes, Snapshot onA, Snapshot onB) {
    Map<Cell, Set<Optional<String>>> possible = possibleStates(writes);
    List<Violation> out = new ArrayList<>();
    out.addAll(compare(possible, writes, onA, "side A's server"));
    out.addAll(compare(possible, writes, onB, "side B's server"));
    return out;
  }

  /**
   * What each key written may look like now: absent (empty) or a note. An acknowledged write makes
   * its effect the only possibility, a write in doubt adds its effect, a failed write adds nothing.
   */
  private static Map<Cell, Set<Optional<String>>> possibleStates(List<SideWrite> writes) {
    Map<Cell, Set<Optional<String>>> possible = new LinkedHashMap<>();
    for (SideWrite w : writes) {
      Set<Optional<String>> states =
          possible.computeIfAbsent(
              new Cell(w.table(), w.key()), c -> new HashSet<>(Set.of(Optional.empty())));
      Optional<String> effect = w.op() == Op.DELETE ? Optional.empty() : Optional.of(w.note());
      if (w.acknowledged()) {
        states.clear();
        states.add(effect);
      } else if (w.inDoubt()) {
        states.add(effect);
      }
    }
    return possible;
  }

  private static List<Violation> compare(
      Map<Cell, Set<Optional<String>>> possible,
      List<SideWrite> writes,
      Snapshot snapshot,
      String where) {
    String check = "presentOnBoth";
    List<Violation> out = new ArrayList<>();
    possible.forEach(
        (cell, states) -> {
          Optional<Snapshot.Row> row = snapshot.row(cell.table(), cell.key());
          Optional<String> actual = row.map(Snapshot.Row::note);
          if (!states.contains(actual)) {
            out.add(
                new Violation(
                    check,
                    cell.table()
                        + " key "
                        + cell.key()
                        + " should be "
                        + describe(states)
                        + " on "
                        + where
                        + ", is "
                        + describe(Set.of(actual))));
          }
        });
    if (!writes.isEmpty()) {
      String side = writes.get(0).side().name();
      snapshot
          .tables()
          .forEach(
              (table, rows) ->
                  rows.forEach(
                      (key, row) -> {
                        if (row.side().equals(side)
                            && !possible.containsKey(new Cell(table, key))) {
                          out.add(
                              new Violation(
                                  check,
                                  table
                                      + " key "
                                      + key
                                      + " of side "
                                      + side
                                      + " is on "
                                      + where
                                      + " but side "
                                      + side
                                      + " never wrote it"));
                        }
                      }));
    }
    return out;
  }

  private static String describe(Set<Optional<String>> states) {
    return states.stream()
        .map(s -> s.map(n -> "note " + n).orElse("absent"))
        .collect(Collectors.toCollection(TreeSet::new))
        .stream()
        .collect(Collectors.joining(" or "));
  }

  /**
   * Side B's changes made while the sides were split, as Baton listed them, match B's writes
   * between {@code startMs} and {@code endMs}: every write acknowledged strictly inside the window,
   * more than {@code edgeMs} from either end, is listed; every listed change matches a B write
   * acknowledged or in doubt that overlaps the window widened by {@code edgeMs}. An acknowledged
   * write within {@code edgeMs} of an end (made while replication was being removed, say) may be
   * listed or not; those not listed come back in the report for the caller to find on side A.
   */
  public static SplitListReport splitListEquals(
      Set<Change> listed, List<SideWrite> writesB, long startMs, long endMs, long edgeMs) {
    String check = "splitListEquals";
    List<Violation> out = new ArrayList<>();
    List<SideWrite> unlistedAtEdges = new ArrayList<>();
    Set<Change> explained = new LinkedHashSet<>();
    for (SideWrite w : writesB) {
      boolean touches = w.endMs() >= startMs - edgeMs && w.startMs() <= endMs + edgeMs;
      boolean inside = w.startMs() > startMs + edgeMs && w.endMs() < endMs - edgeMs;
      if (touches && (w.acknowledged() || w.inDoubt())) {
        explained.add(Change.of(w));
      }
      if (!w.acknowledged() || listed.contains(Change.of(w))) {
        continue;
      }
      if (inside) {
        out.add(
            new Violation(
                check,
                "side B's "
                    + w.op().name().toLowerCase(Locale.ROOT)
                    + " of "
                    + w.table()
                    + " key "
                    + w.key()
                    + " (seq "
                    + w.seq()
                    + ") was acknowledged during the split but is not listed"));
      } else if (touches) {
        unlistedAtEdges.add(w);
      }
    }
    for (Change c : listed) {
      if (!explained.contains(c)) {
        out.add(
            new Violation(
                check,
                "the list names "
                    + c.op().name().toLowerCase(Locale.ROOT)
                    + " of "
                    + c.table()
                    + " key "
                    + c.key()
                    + ", which side B did not make during the split"));
      }
    }
    return new SplitListReport(out, unlistedAtEdges);
  }

  /**
   * Each of {@code checked} (e.g. {@link SplitListReport#unlistedAtEdges()}) shows on {@code
   * snapshot}: a deleted key is absent, an inserted or updated one is there with the note of that
   * write or of a later write of the same side to it in {@code all}, or absent if that side deleted
   * it later.
   */
  public static List<Violation> effectsOn(
      List<SideWrite> checked, List<SideWrite> all, Snapshot snapshot, String where) {
    List<Violation> out = new ArrayList<>();
    for (SideWrite w : checked) {
      Optional<Snapshot.Row> row = snapshot.row(w.table(), w.key());
      boolean shows;
      if (w.op() == Op.DELETE) {
        shows = row.isEmpty();
      } else {
        Set<String> notes =
            all.stream()
                .filter(l -> l.side() == w.side() && l.seq() >= w.seq())
                .filter(l -> l.table().equals(w.table()) && l.key() == w.key())
                .map(SideWrite::note)
                .collect(Collectors.toSet());
        notes.add(w.note());
        // A later delete of the same key by the same side leaves the row absent, and rightly so.
        boolean deletedLater =
            all.stream()
                .filter(l -> l.side() == w.side() && l.seq() > w.seq())
                .filter(l -> l.table().equals(w.table()) && l.key() == w.key())
                .anyMatch(l -> l.op() == Op.DELETE && (l.acknowledged() || l.inDoubt()));
        shows = row.isPresent() ? notes.contains(row.get().note()) : deletedLater;
      }
      if (!shows) {
        out.add(
            new Violation(
                "effectsOn",
                "side "
                    + w.side()
                    + "'s "
                    + w.op().name().toLowerCase(Locale.ROOT)
                    + " of "
                    + w.table()
                    + " key "
                    + w.key()
                    + " (seq "
                    + w.seq()
                    + ") does not show on "
                    + where));
      }
    }
    return out;
  }

  /**
   * No write acknowledged wholly inside {@code fromMs..toMs} was served by a server other than
   * {@code ownServer} ({@code address:port}, as the write line records it).
   */
  public static List<Violation> neverOtherSide(
      List<SideWrite> writes, long fromMs, long toMs, String ownServer) {
    List<Violation> out = new ArrayList<>();
    for (SideWrite w : writes) {
      if (w.acknowledged()
          && w.startMs() >= fromMs
          && w.endMs() <= toMs
          && !w.server().equals(ownServer)) {
        out.add(
            new Violation(
                "neverOtherSide",
                "side "
                    + w.side()
                    + "'s write seq "
                    + w.seq()
                    + " ("
                    + w.table()
                    + " key "
                    + w.key()
                    + ") was served by "
                    + w.server()
                    + ", not its own "
                    + ownServer));
      }
    }
    return out;
  }
}
