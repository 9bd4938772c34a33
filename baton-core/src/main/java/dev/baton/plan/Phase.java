package dev.baton.plan;

import java.util.List;

/** A named, ordered group of steps. */
public record Phase(String name, List<Step> steps) {
  public Phase {
    steps = List.copyOf(steps);
  }
}
