package dev.baton.drivers.sim;

import static dev.baton.topology.PropertyKey.NO_DEFAULT;
import static dev.baton.topology.PropertyKey.exact;

import dev.baton.model.Component;
import dev.baton.topology.PropertyKey;
import java.util.List;

/**
 * The component properties the simulator reads. Its free-form observations are not properties: they
 * live in the topology's {@code sim.properties.<component or node>} section, whose names the loader
 * checks and whose keys become facts as they are.
 */
public final class SimProperties {

  private SimProperties() {}

  /** What a simulated component may hold for the simulator itself. */
  public static final List<PropertyKey> COMPONENT =
      List.of(
          exact(
              Component.PASSPHRASE_SECRET,
              "the secret whose fingerprint the simulated installer keeps",
              NO_DEFAULT));
}
