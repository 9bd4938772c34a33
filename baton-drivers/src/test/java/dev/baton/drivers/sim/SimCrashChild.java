package dev.baton.drivers.sim;

import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import java.nio.file.Path;
import java.util.Map;

/**
 * A child process for {@link SimCrashTest}: takes over alternately on B and A until it is killed,
 * so the parent can SIGKILL it at an arbitrary moment of a write.
 */
public final class SimCrashChild {

  private SimCrashChild() {}

  public static void main(String[] args) throws Exception {
    SimDriver driver = new SimDriver(Path.of(args[0]));
    for (long n = 1; ; n++) {
      String target = n % 2 == 1 ? CsmPair.B : CsmPair.A;
      driver.act(CsmPair.topology(), Action.once(Verb.TAKEOVER, target, Map.of()), "k" + n);
    }
  }
}
