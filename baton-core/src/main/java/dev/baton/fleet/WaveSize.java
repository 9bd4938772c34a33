package dev.baton.fleet;

import java.util.ArrayList;
import java.util.List;

/** The size of one wave of a rollout: a count, a share of all systems, or the rest. */
public sealed interface WaveSize {

  /** How many systems this wave takes when the fleet has {@code total} and {@code left} remain. */
  int take(int total, int left);

  /** A fixed number of systems; a canary wave is {@code Count(1)}. */
  record Count(int n) implements WaveSize {
    @Override
    public int take(int total, int left) {
      return Math.min(n, left);
    }
  }

  /** A percentage of all the fleet's systems, rounded up so that a wave is never empty. */
  record Percent(int percent) implements WaveSize {
    @Override
    public int take(int total, int left) {
      return Math.min(left, Math.max(1, (total * percent + 99) / 100));
    }
  }

  /** Every system not in an earlier wave. */
  record Rest() implements WaveSize {
    @Override
    public int take(int total, int left) {
      return left;
    }
  }

  /**
   * The wave (0 first) of each of {@code total} systems in fleet order; systems left over when the
   * sizes run out form one more wave, so that every system is in one.
   */
  static List<Integer> assign(List<WaveSize> sizes, int total) {
    List<Integer> waves = new ArrayList<>(total);
    int wave = 0;
    for (WaveSize size : sizes) {
      int n = size.take(total, total - waves.size());
      if (n == 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        waves.add(wave);
      }
      wave++;
    }
    while (waves.size() < total) {
      waves.add(wave);
    }
    return waves;
  }
}
