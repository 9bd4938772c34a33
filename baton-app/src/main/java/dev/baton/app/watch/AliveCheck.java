package dev.baton.app.watch;

import java.util.Optional;

/**
 * One is-alive check of the active. Every heartbeat runs all of them, and the active passes only if
 * none fails.
 */
public sealed interface AliveCheck permits TcpCheck, DatabaseCheck, ScriptCheck {

  /** Why the check failed on this heartbeat, or empty when it passed. */
  Optional<String> failure(Sight sight);
}
