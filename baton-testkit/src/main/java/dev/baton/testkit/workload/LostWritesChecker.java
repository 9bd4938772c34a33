package dev.baton.testkit.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that every acknowledged write survived and that nothing else appeared. */
public final class LostWritesChecker {

  private static final int IDS_SHOWN = 10;

  private LostWritesChecker() {}

  /**
   * What the final table holds compared with what the client saw.
   *
   * @param lost acknowledged ids missing from the final table, sorted
   * @param unexpected ids in the final table that were never acknowledged nor unknown, sorted
   * @param unknownPresent unknown ops whose id is in the final table (their commit happened)
   * @param unknownAbsent unknown ops whose id is not (their commit did not happen)
   */
  public record Result(
      int acknowledged,
      List<Long> lost,
      List<Long> unexpected,
      int unknownPresent,
      int unknownAbsent) {

    public boolean ok() {
      return lost.isEmpty() && unexpected.isEmpty();
    }

    public String summary() {
      String unknown =
          " (" + unknownPresent + " unknown present, " + unknownAbsent + " unknown absent)";
      if (ok()) {
        return "no lost writes: all "
            + acknowledged
            + " acknowledged ids are present and no unexpected id appeared"
            + unknown;
      }
      return "LOST WRITES: "
          + lost.size()
          + " of "
          + acknowledged
          + " acknowledged ids missing"
          + shown(lost)
          + " and "
          + unexpected.size()
          + " unexpected ids present"
          + shown(unexpected)
          + unknown;
    }

    private static String shown(List<Long> ids) {
      if (ids.isEmpty()) {
        return "";
      }
      String head =
          ids.stream().limit(IDS_SHOWN).map(String::valueOf).collect(Collectors.joining(", "));
      return " [" + head + (ids.size() > IDS_SHOWN ? ", …" : "") + "]";
    }
  }

  /** Compares the history with the ids found on the final primary after the run. */
  public static Result check(History history, Set<Long> finalIds) {
    Set<Long> acked = new HashSet<>();
    Set<Long> unknown = new HashSet<>();
    for (Op op : history.ops()) {
      switch (op.outcome()) {
        case OK -> acked.add(op.id());
        case UNKNOWN -> unknown.add(op.id());
        case FAILED -> {}
      }
    }
    List<Long> lost = acked.stream().filter(id -> !finalIds.contains(id)).sorted().toList();
    List<Long> unexpected =
        finalIds.stream()
            .filter(id -> !acked.contains(id) && !unknown.contains(id))
            .sorted()
            .toList();
    int present = (int) unknown.stream().filter(finalIds::contains).count();
    return new Result(acked.size(), lost, unexpected, present, unknown.size() - present);
  }
}
