package dev.baton.app.watch;

import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import java.util.List;

/** What one heartbeat observed through the driver: the facts, or why they could not be read. */
public record Sight(Facts facts, String error) {

  public static Sight of(Facts facts) {
    return new Sight(facts, "");
  }

  public static Sight failed(String error) {
    return new Sight(null, error);
  }

  /** Observes the system now; a failure to observe is a sight too, never an exception. */
  public static Sight through(Driver driver, Topology t) {
    try {
      return of(driver.observe(t, List.of()));
    } catch (DriverException e) {
      return failed(e.getMessage());
    } catch (RuntimeException e) {
      return failed(e.toString());
    }
  }
}
