package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds a server's newest verified base backup: a directory holding Baton's {@code .verified} mark.
 */
final class Backups {
  private Backups() {}

  static Optional<String> newestVerified(PgConfig c, Transport t) throws DriverException {
    CommandResult r =
        t.run(
            Command.of(
                    Duration.ofSeconds(10),
                    "find",
                    c.backupDir(),
                    "-mindepth",
                    "2",
                    "-maxdepth",
                    "2",
                    "-name",
                    ".verified",
                    "-printf",
                    "%T@ %h\\n")
                .as(c.osUser()));
    if (!r.ok()) {
      return Optional.empty();
    }
    return r.stdout()
        .lines()
        .filter(l -> l.contains(" "))
        .max(
            java.util.Comparator.comparingDouble(
                l -> Double.parseDouble(l.substring(0, l.indexOf(' ')))))
        .map(l -> l.substring(l.lastIndexOf('/') + 1));
  }
}
