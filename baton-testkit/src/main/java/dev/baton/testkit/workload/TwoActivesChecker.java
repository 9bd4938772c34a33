package dev.baton.testkit.workload;

import dev.baton.testkit.workload.ProbeSample.Writability;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Checks that no two servers were ever active, from acknowledgements and from probes. */
public final class TwoActivesChecker {

  private TwoActivesChecker() {}

  /** A maximal run of consecutive acknowledgements (ordered by end) from one server. */
  public record AckRun(
      String server, long startNanos, long endNanos, long startMicros, long endMicros, int acks) {

    static AckRun of(Op op) {
      return new AckRun(
          op.server(), op.startNanos(), op.endNanos(), op.startMicros(), op.endMicros(), 1);
    }

    AckRun with(Op op) {
      boolean earlier = op.startNanos() < startNanos;
      boolean later = op.endNanos() > endNanos;
      return new AckRun(
          server,
          earlier ? op.startNanos() : startNanos,
          later ? op.endNanos() : endNanos,
          earlier ? op.startMicros() : startMicros,
          later ? op.endMicros() : endMicros,
          acks + 1);
    }

    boolean overlaps(AckRun other) {
      return startNanos <= other.endNanos && other.startNanos <= endNanos;
    }

    String describe() {
      return server
          + " acknowledged from "
          + Op.isoMicros(startMicros)
          + " to "
          + Op.isoMicros(endMicros);
    }
  }

  /** Two runs from different servers whose intervals overlap: two actives. */
  public record Overlap(AckRun first, AckRun second) {}

  /** A probe round in which more than one server was writable. */
  public record WritableConflict(long round, long atMicros, List<String> servers) {}

  /**
   * What the acknowledgements and the probes show.
   *
   * @param unprobed servers that were never found writable or read-only, only unreachable
   */
  public record Result(
      List<AckRun> runs,
      List<Overlap> overlaps,
      List<WritableConflict> conflicts,
      Set<String> probed,
      Set<String> unprobed,
      long rounds) {

    public boolean ok() {
      return overlaps.isEmpty() && conflicts.isEmpty() && !probed.isEmpty() && unprobed.isEmpty();
    }

    public String summary() {
      return ok() ? clean() : "TWO ACTIVES: " + String.join("; ", problems());
    }

    private String clean() {
      long servers = runs.stream().map(AckRun::server).distinct().count();
      return "no two actives: "
          + Text.count(servers, "server")
          + " acknowledged writes in "
          + Text.count(runs.size(), "run")
          + " without overlap, and none of "
          + Text.count(rounds, "probe round")
          + " over "
          + Text.count(probed.size(), "server")
          + " found two writable";
    }

    private List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (!overlaps.isEmpty()) {
        Overlap o = overlaps.get(0);
        problems.add(
            Text.count(overlaps.size(), "overlap")
                + " of acknowledgements from different servers, first "
                + o.first().describe()
                + " while "
                + o.second().describe());
      }
      if (!conflicts.isEmpty()) {
        WritableConflict c = conflicts.get(0);
        problems.add(
            Text.count(conflicts.size(), "probe round")
                + " with several writable servers, first at "
                + Op.isoMicros(c.atMicros())
                + ": "
                + String.join(", ", c.servers()));
      }
      if (probed.isEmpty()) {
        problems.add("no server was probed");
      } else if (!unprobed.isEmpty()) {
        problems.add("never probed writable or not: " + String.join(", ", unprobed));
      }
      return problems;
    }
  }

  public static Result check(History history, List<ProbeSample> samples) {
    List<AckRun> runs = runs(history.oks());
    Set<String> probed =
        samples.stream()
            .filter(s -> s.writability() != Writability.UNREACHABLE)
            .map(ProbeSample::server)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> unprobed =
        samples.stream()
            .map(ProbeSample::server)
            .filter(s -> !probed.contains(s))
            .collect(Collectors.toCollection(TreeSet::new));
    long rounds = samples.stream().mapToLong(ProbeSample::round).distinct().count();
    return new Result(runs, overlaps(runs), conflicts(samples), probed, unprobed, rounds);
  }

  /** Groups acknowledgements, ordered by end, into maximal runs from one server. */
  static List<AckRun> runs(List<Op> oks) {
    List<AckRun> runs = new ArrayList<>();
    List<Op> byEnd = oks.stream().sorted(Comparator.comparingLong(Op::endNanos)).toList();
    for (Op op : byEnd) {
      int last = runs.size() - 1;
      if (last >= 0 && Objects.equals(runs.get(last).server(), op.server())) {
        runs.set(last, runs.get(last).with(op));
      } else {
        runs.add(AckRun.of(op));
      }
    }
    return runs;
  }

  /** Every pair of runs from different servers whose intervals overlap. */
  static List<Overlap> overlaps(List<AckRun> runs) {
    List<AckRun> byStart =
        runs.stream().sorted(Comparator.comparingLong(AckRun::startNanos)).toList();
    List<Overlap> overlaps = new ArrayList<>();
    for (int i = 0; i < byStart.size(); i++) {
      AckRun a = byStart.get(i);
      // Runs are sorted by start, so the first one starting after a ends closes the search.
      for (int j = i + 1; j < byStart.size() && a.overlaps(byStart.get(j)); j++) {
        if (!Objects.equals(a.server(), byStart.get(j).server())) {
          overlaps.add(new Overlap(a, byStart.get(j)));
        }
      }
    }
    return overlaps;
  }

  /** Every probe round in which two or more servers were writable. */
  static List<WritableConflict> conflicts(List<ProbeSample> samples) {
    Map<Long, List<ProbeSample>> writable = new TreeMap<>();
    for (ProbeSample s : samples) {
      if (s.writability() == Writability.WRITABLE) {
        writable.computeIfAbsent(s.round(), r -> new ArrayList<>()).add(s);
      }
    }
    List<WritableConflict> conflicts = new ArrayList<>();
    writable.forEach(
        (round, ss) -> {
          List<String> servers = ss.stream().map(ProbeSample::server).distinct().sorted().toList();
          if (servers.size() > 1) {
            long at = ss.stream().mapToLong(ProbeSample::startMicros).min().orElseThrow();
            conflicts.add(new WritableConflict(round, at, servers));
          }
        });
    return conflicts;
  }
}
