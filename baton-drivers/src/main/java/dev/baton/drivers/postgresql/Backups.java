package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server's newest verified base backup. After verifying a backup Baton names it in the backup
 * directory's {@code LATEST} file; file times are not used, since a clock step would reorder them.
 */
final class Backups {

  static final String LATEST = "LATEST";

  /**
   * How long a server's newest verified backup, once read, stands without reading it again. Only
   * Baton makes and verifies these backups, and it forgets a server's reading whenever it acts on
   * its backups; reading two files per server at every observation would otherwise cost two remote
   * round trips per server on an SSH node, between the fence and the release too.
   */
  static final Duration FRESH = Duration.ofSeconds(10);

  private record Reading(Optional<String> label, long atNanos) {}

  private final Map<String, Reading> read = new ConcurrentHashMap<>();

  /** The newest verified backup, read again when the last reading is older than {@link #FRESH}. */
  Optional<String> newest(PgConfig c, Transport t) throws DriverException {
    Reading r = read.get(c.name());
    if (r != null && System.nanoTime() - r.atNanos() < FRESH.toNanos()) {
      return r.label();
    }
    Optional<String> label = newestVerified(c, t);
    read.put(c.name(), new Reading(label, System.nanoTime()));
    return label;
  }

  /** Reads every server's backups again at the next observation. */
  void forget() {
    read.clear();
  }

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
