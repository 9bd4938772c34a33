package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * pg_ctl of one binary directory, run as the server's OS user through the node's transport, for a
 * data directory named by path: a major upgrade runs two majors' servers from directories that are
 * not (yet, or any longer) the component's own.
 */
record PgCtl(PgConfig c, Transport t, String bin) {

  private static final Duration SHORT = Duration.ofSeconds(30);

  /** How long pg_ctl waits for a server to start or stop. */
  static final Duration WAIT = Duration.ofMinutes(5);

  /** Whether a postmaster runs from {@code dir} (pg_ctl status: 0 runs, 3 not, 4 no directory). */
  boolean runs(String dir) throws DriverException {
    CommandResult r =
        t.run(new Command(List.of(bin + "/pg_ctl", "status", "-D", dir), c.osUser(), SHORT));
    if (r.exitCode() == 0) {
      return true;
    }
    if (r.exitCode() == 3 || r.exitCode() == 4) {
      return false;
    }
    throw new DriverException(
        "cannot tell whether a server runs from " + dir + " on " + c.node() + ": " + r.stderr(),
        r.transcript());
  }

  /**
   * Starts a server from {@code dir} logging into {@code log}, with {@code options} for the
   * postmaster (pg_ctl passes them through a shell, so callers pass only plain words). On failure
   * the sentence quotes the log's last FATAL line, where the cause is.
   */
  CommandResult start(String dir, String log, String options) throws DriverException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                bin + "/pg_ctl",
                "start",
                "-D",
                dir,
                "-l",
                log,
                "-w",
                "-t",
                Long.toString(WAIT.toSeconds())));
    if (!options.isEmpty()) {
      argv.addAll(List.of("-o", options));
    }
    CommandResult r = t.run(new Command(argv, c.osUser(), WAIT.plusSeconds(30)));
    if (!r.ok()) {
      throw new DriverException(
          "starting a server from "
              + dir
              + " on "
              + c.node()
              + " failed: "
              + cause(log).orElse("pg_ctl exited " + r.exitCode()),
          r.transcript());
    }
    return r;
  }

  /** A fast shutdown of the server of {@code dir}, if one runs; true when it ran. */
  boolean stop(String dir) throws DriverException {
    if (!runs(dir)) {
      return false;
    }
    PgActions.run(
        t, c, bin + "/pg_ctl", "stop", "-D", dir, "-m", "fast", "-w", "-t", "" + WAIT.toSeconds());
    return true;
  }

  /** The last FATAL (or else last) line of a server log. */
  java.util.Optional<String> cause(String log) throws DriverException {
    CommandResult r = t.run(new Command(List.of("tail", "-n", "30", log), c.osUser(), SHORT));
    List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
    return lines.stream()
        .filter(l -> l.contains("FATAL") || l.contains("PANIC"))
        .reduce((a, b) -> b)
        .or(() -> lines.stream().reduce((a, b) -> b))
        .map(String::strip);
  }
}
