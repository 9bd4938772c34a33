package dev.baton.drivers.postgresql;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this driver's own fast shutdowns read from each server's control file. Between the fence and
 * the promote every observation would otherwise start a shell (or an SSH command) to read a stopped
 * server; instead, for a minute after Baton stopped it cleanly, a server that accepts no connection
 * is taken to be that stopped server. Anything Baton starts again is forgotten at once.
 */
final class Shutdowns {

  /** How long a remembered shutdown is trusted; past it, the server is probed again. */
  static final Duration TRUSTED = Duration.ofSeconds(60);

  /** The stopped state read at the shutdown, its control file, and when. */
  record Shutdown(PgState state, Map<String, String> control, long atNanos) {}

  private final Map<String, Shutdown> byServer = new ConcurrentHashMap<>();

  void remember(PgState stopped, Map<String, String> control) {
    byServer.put(stopped.name(), new Shutdown(stopped, Map.copyOf(control), System.nanoTime()));
  }

  /** The server's shutdown by this driver, if it was within {@link #TRUSTED}. */
  Optional<Shutdown> recent(String server) {
    Shutdown s = byServer.get(server);
    if (s == null || System.nanoTime() - s.atNanos() > TRUSTED.toNanos()) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  void forget(String server) {
    byServer.remove(server);
  }
}
