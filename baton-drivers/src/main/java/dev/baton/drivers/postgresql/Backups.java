package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.util.Optional;

/**
 * A server's newest verified base backup. After verifying a backup Baton names it in the backup
 * directory's {@code LATEST} file; file times are not used, since a clock step would reorder them.
 */
final class Backups {
  private Backups() {}

  static final String LATEST = "LATEST";

  static Optional<String> newestVerified(PgConfig c, Transport t) throws DriverException {
    Optional<String> label = t.readFile(c.backupDir() + "/" + LATEST).map(String::strip);
    if (label.isEmpty() || label.get().isEmpty()) {
      return Optional.empty();
    }
    return t.readFile(c.backupDir() + "/" + label.get() + "/.verified").isPresent()
        ? label
        : Optional.empty();
  }
}
