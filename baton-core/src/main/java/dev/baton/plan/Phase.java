package dev.baton.plan;

import java.util.List;

/**
 * A named, ordered group of steps, and the holds (see {@link Hold}) that some of its steps open and
 * close.
 */
public record Phase(String name, List<Step> steps, List<Hold> holds) {
  public Phase {
    steps = List.copyOf(steps);
    holds = List.copyOf(holds);
  }

  public Phase(String name, List<Step> steps) {
    this(name, steps, List.of());
  }
}
