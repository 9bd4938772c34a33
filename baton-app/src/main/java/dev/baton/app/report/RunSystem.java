package dev.baton.app.report;

import dev.baton.app.UsageException;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.engine.RunRecord;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import dev.baton.topology.BadInputException;
import dev.baton.topology.TopologyLoader;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The system a run acted on, from the topology journaled with the run, as observed now when its
 * driver can observe it, else as declared. Used by the HTML report and the console.
 */
public final class RunSystem {
  private RunSystem() {}

  /** The run's topology, or empty when the journaled text no longer loads. */
  public static Optional<Topology> topology(RunRecord run) {
    try {
      return Optional.of(TopologyLoader.parse(run.topologyText(), run.topologySource()).topology());
    } catch (BadInputException e) {
      return Optional.empty();
    }
  }

  /** {@code t} observed through its driver now; declared only when it cannot be observed. */
  public static SystemView observed(Topology t, Home home, Clock clock) {
    try (Driver driver = Drivers.forTopology(t, home)) {
      Facts facts = driver.observe(t, List.of());
      return SystemView.of(t, facts, clock.instant());
    } catch (DriverException | UsageException | RuntimeException e) {
      return SystemView.of(t, Facts.empty(), null);
    }
  }
}
