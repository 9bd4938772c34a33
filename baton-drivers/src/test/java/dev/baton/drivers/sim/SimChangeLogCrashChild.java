package dev.baton.drivers.sim;

import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.testing.Fixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A child process for {@link SimChangeLogCrashTest}: backs up the components of a 20-node system in
 * turn, action n labelled {@code b<n>}, appending each to the change log and folding the log into
 * the state file whenever it has grown as large, until it is killed.
 */
public final class SimChangeLogCrashChild {

  static final Topology SYSTEM = Fixtures.generated(20);

  private SimChangeLogCrashChild() {}

  /** The component action {@code n} backs up. */
  static String target(long n) {
    return "c" + (n % SYSTEM.components().size());
  }

  public static void main(String[] args) throws Exception {
    SimDriver driver = new SimDriver(Path.of(args[0]), Clock.systemUTC(), name -> null, 0);
    for (long n = 1; ; n++) {
      driver.act(SYSTEM, Action.once(Verb.BACKUP, target(n), Map.of("label", "b" + n)), "k" + n);
    }
  }
}
