package dev.baton.fleet;

import java.util.List;
import java.util.Map;

/**
 * One system of a fleet: its topology as loaded (text and source, as a run journals them), what to
 * do with it, its wave, and where it may run.
 */
public record FleetMember(
    String system,
    int position,
    int wave,
    String strategy,
    String targetVersion,
    Map<String, String> options,
    String topologySource,
    String topologyText,
    String site,
    List<String> tags,
    Window window) {

  public FleetMember {
    options = Map.copyOf(options);
    tags = List.copyOf(tags);
  }
}
