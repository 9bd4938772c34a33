package dev.baton.guard;

import dev.baton.facts.Facts;
import dev.baton.invariant.Bytes;
import dev.baton.model.Topology;
import dev.baton.plan.Guard;
import dev.baton.plan.Subjects;
import java.util.Optional;
import java.util.Set;

/**
 * After an unplanned failure the failed active cannot say how far its standby got, so this guard
 * judges the standby by what a watcher saw last while the active was alive: a synchronous standby
 * must have been the synchronous one; an asynchronous one must have lagged at most {@code
 * maxLagBytes}. {@code lastSyncState} is the active's view of the standby ({@code sync}, {@code
 * quorum}, {@code potential}, {@code async}, or {@code none} when it was not streaming); {@code
 * lastLagBytes} is -1 when no lag was ever seen.
 */
public record SyncedWhenLastSeen(
    String linkKey, String standby, String lastSyncState, long lastLagBytes, long maxLagBytes)
    implements Guard {

  private static final Set<String> SYNCHRONOUS = Set.of("sync", "quorum");

  /** Whether the standby was a synchronous one: every acknowledged write had reached it. */
  public static boolean synchronous(String syncState) {
    return SYNCHRONOUS.contains(syncState);
  }

  @Override
  public String name() {
    return "synced-when-last-seen";
  }

  @Override
  public String describe() {
    return "when last seen, "
        + standby
        + " was a synchronous standby ("
        + linkKey
        + "), or lagged at most "
        + Bytes.human(maxLagBytes);
  }

  @Override
  public Subjects subjects() {
    return Subjects.of(linkKey, standby);
  }

  @Override
  public Optional<String> refusal(Topology topology, Facts facts) {
    if (synchronous(lastSyncState)) {
      return Optional.empty();
    }
    if ("potential".equals(lastSyncState)) {
      return Optional.of(
          standby
              + " was only a potential synchronous standby when last seen ("
              + linkKey
              + "), so acknowledged writes may be missing from it");
    }
    if (lastLagBytes < 0) {
      return Optional.of(
          "the lag of "
              + standby
              + " ("
              + linkKey
              + ") was never seen before the failure, so it may lack acknowledged writes");
    }
    if (lastLagBytes > maxLagBytes) {
      return Optional.of(
          standby
              + " lagged "
              + Bytes.human(lastLagBytes)
              + " behind when last seen ("
              + linkKey
              + "), more than "
              + Bytes.human(maxLagBytes));
    }
    return Optional.empty();
  }
}
