package dev.baton.fleet;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A fleet as the journal keeps it, and the one sentence that says where it stands and why. */
public record FleetStatus(
    String fleet,
    FleetState state,
    String note,
    Integer failureBudget,
    int waves,
    List<SystemStatus> systems) {

  public FleetStatus {
    systems = List.copyOf(systems);
  }

  /** The first wave with a system not finished, counting from 1; 0 once every system finished. */
  public int currentWave() {
    return systems.stream()
        .filter(s -> !s.state().finished())
        .mapToInt(s -> s.wave() + 1)
        .min()
        .orElse(0);
  }

  /** How many systems are in each state. */
  public Map<SystemState, Long> counts() {
    Map<SystemState, Long> out = new TreeMap<>();
    for (SystemState s : SystemState.values()) {
      out.put(s, systems.stream().filter(x -> x.state() == s).count());
    }
    return out;
  }

  /** The systems that count against the failure budget, in the order they finished. */
  public List<SystemStatus> failures() {
    return systems.stream()
        .filter(s -> s.state().failure())
        .sorted(
            java.util.Comparator.comparing(
                SystemStatus::finishedAt,
                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
        .toList();
  }

  /** Whether the failure budget stops new starts. */
  public boolean budgetSpent() {
    return failureBudget != null && failures().size() >= failureBudget;
  }

  /** Where the fleet stands, and why it starts no more systems when it does not. */
  public String sentence() {
    Map<SystemState, Long> n = counts();
    long running = n.get(SystemState.RUNNING);
    long pending = n.get(SystemState.PENDING);
    String finishing = running == 0 ? "" : "; " + running + " running finish";
    if (state == FleetState.ABORTED) {
      return "aborted%s: %d systems skipped%s"
          .formatted(why(), n.get(SystemState.SKIPPED), finishing);
    }
    if (budgetSpent()) {
      return "stopped starting systems: %d of a failure budget of %d failed or halted (%s)%s, %d stay pending"
          .formatted(failures().size(), failureBudget, failed(), finishing, pending);
    }
    if (running == 0 && pending == 0) {
      return "finished: %d of %d systems done%s"
          .formatted(
              n.get(SystemState.DONE), systems.size(), failures().isEmpty() ? "" : ", " + failed());
    }
    if (state == FleetState.PAUSED) {
      return "paused%s: no new system starts%s, %d pending".formatted(why(), finishing, pending);
    }
    return "wave %d of %d: %d running, %d pending, %d done"
        .formatted(currentWave(), waves, running, pending, n.get(SystemState.DONE));
  }

  private String why() {
    return note == null || note.isBlank() ? "" : " (" + note + ")";
  }

  private String failed() {
    return failures().stream()
        .map(s -> s.system() + " " + s.state().label())
        .collect(Collectors.joining(", "));
  }
}
