package dev.baton.app.watch;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A user-defined check: {@code sh -c COMMAND}, where exit 0 means alive. It learns what it checks
 * from BATON_SYSTEM, BATON_ACTIVE, BATON_HOST and BATON_PORT; a script that outlives its timeout is
 * killed and counts as failed.
 */
public record ScriptCheck(String command, Map<String, String> env, Duration timeout)
    implements AliveCheck {

  public ScriptCheck {
    env = Map.copyOf(env);
  }

  @Override
  public String label() {
    return "check script";
  }

  @Override
  public Optional<String> failure(Sight sight) {
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    Process p = null;
    try {
      p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.of(
            "check script did not finish within " + timeout.toMillis() + " ms; killed it");
      }
      return p.exitValue() == 0
          ? Optional.empty()
          : Optional.of("check script exited " + p.exitValue());
    } catch (IOException e) {
      return Optional.of("check script could not start: " + e.getMessage());
    } catch (InterruptedException e) {
      // The watch ends while the script runs: it goes with the watch.
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.of("check script interrupted");
    }
  }
}
