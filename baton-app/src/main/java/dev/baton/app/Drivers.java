package dev.baton.app;

import dev.baton.drivers.sim.SimDriver;
import dev.baton.engine.Driver;
import dev.baton.model.Topology;

/** Chooses the driver a topology names. */
final class Drivers {
  private Drivers() {}

  static Driver forTopology(Topology t, Home home) throws UsageException {
    return switch (t.driver()) {
      case "sim" -> new SimDriver(SimDriver.stateFileFor(home.dir(), t.system()));
      default ->
          throw new UsageException(
              "driver '"
                  + t.driver()
                  + "' of system "
                  + t.system()
                  + " is not available in this build; use driver: sim");
    };
  }
}
