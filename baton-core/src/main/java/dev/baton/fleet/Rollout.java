package dev.baton.fleet;

import java.util.List;

/**
 * How a fleet rolls out: its wave sizes, the failure budget that stops new starts (null: none), and
 * whether confirm gates pass as with {@code --yes}.
 */
public record Rollout(List<WaveSize> waves, Integer failureBudget, boolean yes) {

  public Rollout {
    waves = List.copyOf(waves);
  }
}
