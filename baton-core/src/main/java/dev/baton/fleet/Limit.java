package dev.baton.fleet;

import java.util.List;

/**
 * At most {@code max} of {@code systems} mid-upgrade at once: the fleet's concurrency cap, a
 * site's, a tag's, or a declared group such as the two systems of a DR pair. The claim that starts
 * a system checks every limit the system is in, in the journal's database.
 */
public record Limit(String name, int max, List<String> systems) {

  public Limit {
    systems = List.copyOf(systems);
  }

  /** The sentence that says why a system waits for this limit. */
  public String describe() {
    return "at most %d of %s at once".formatted(max, name);
  }
}
