package dev.baton.drivers.postgresql;

import dev.baton.model.Version;
import java.util.List;
import java.util.Map;

/**
 * What one server looks like right now. A running server answers SQL; a stopped one is read from
 * its control file: whether it shut down cleanly, and the position of its last checkpoint.
 */
record PgState(
    String name,
    Status status,
    boolean inRecovery,
    Version version,
    long lsn,
    boolean replayPaused,
    String receiver,
    String timeline,
    long checkpointLsn,
    boolean cleanShutdown,
    List<Map<String, String>> replicas,
    String detail) {

  /**
   * Whether the server runs, is stopped, runs but does not answer, or cannot be told (it does not
   * answer and its data directory cannot be read).
   */
  enum Status {
    RUNNING,
    STOPPED,
    UNRESPONSIVE,
    UNKNOWN
  }

  boolean isPrimary() {
    return status == Status.RUNNING && !inRecovery;
  }

  boolean isReplica() {
    return status == Status.RUNNING && inRecovery;
  }

  /** The pg_stat_replication row of a standby, by the application_name it streams under. */
  Map<String, String> replica(String applicationName) {
    return replicas.stream()
        .filter(r -> applicationName.equals(r.get("application_name")))
        .findFirst()
        .orElse(null);
  }
}
