package dev.baton.app.watch;

import dev.baton.facts.Facts;

/** What one heartbeat observed through the driver: the facts, or why they could not be read. */
public record Sight(Facts facts, String error) {

  public static Sight of(Facts facts) {
    return new Sight(facts, "");
  }

  public static Sight failed(String error) {
    return new Sight(null, error);
  }
}
