package dev.baton.app.server;

import dev.baton.app.UsageException;
import dev.baton.app.report.SystemView;
import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.engine.Driver;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.model.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facts of a system observed through its driver, kept for a moment so that several dashboards
 * redrawing after the same step observe it once, not once each. Observing changes nothing.
 */
final class Observations {

  /** How long an observation is reused. */
  static final Duration FRESH = Duration.ofSeconds(1);

  /** Facts and when they were observed; {@code at} is null when the system could not be. */
  record Observed(Facts facts, Instant at, String problem) {}

  private record Key(String system, String topologyText) {}

  private final Home home;
  private final Clock clock;
  private final Map<Key, Observed> recent = new ConcurrentHashMap<>();

  Observations(Home home, Clock clock) {
    this.home = home;
    this.clock = clock;
  }

  Observed of(Topology t, String text) {
    Key k = new Key(t.system(), text);
    Observed o = recent.get(k);
    Instant now = clock.instant();
    if (o != null && o.at() != null && o.at().plus(FRESH).isAfter(now)) {
      return o;
    }
    Observed fresh = observe(t);
    recent.put(k, fresh);
    return fresh;
  }

  SystemView view(Topology t, String text) {
    Observed o = of(t, text);
    return SystemView.of(t, o.facts(), o.at());
  }

  private Observed observe(Topology t) {
    try (Driver driver = Drivers.forTopology(t, home)) {
      return new Observed(driver.observe(t, List.of()), clock.instant(), "");
    } catch (DriverException | UsageException | RuntimeException e) {
      return new Observed(
          Facts.empty(), null, "cannot observe " + t.system() + ": " + e.getMessage());
    }
  }
}
