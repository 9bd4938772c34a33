package dev.baton.drivers.redirect;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.model.EntryPoint;
import java.util.Optional;

/**
 * Moves one kind of entry point (a DNS record, an HAProxy backend, a hosts-file entry, a connection
 * string) from one component to another. Each method observes or acts through the redirection's own
 * mechanism; {@link #verify} must use an independent path (a fresh query to the authoritative
 * server, the load balancer's state dump, the file read back).
 */
public interface Redirector extends AutoCloseable {

  /** The component the entry point points at now, or empty when it points at none it knows. */
  Optional<String> pointsAt(EntryPoint ep) throws DriverException;

  /**
   * Before the switch: whatever makes it quick and safe (lower a DNS TTL, drain the old backend
   * server). Idempotent. The default does nothing.
   */
  default ActionResult prepare(EntryPoint ep, String from, String to) throws DriverException {
    return new ActionResult(ep.name() + ": nothing to prepare", "");
  }

  /**
   * Points the entry point at {@code to}. Idempotent: pointing it where it already points is fine.
   */
  ActionResult redirect(EntryPoint ep, String to) throws DriverException;

  /** Whether the entry point answers with {@code to}, checked through an independent path. */
  boolean verify(EntryPoint ep, String to) throws DriverException;

  /**
   * After the switch has been verified: restore what prepare changed (the TTL) and make the new
   * target fully ready. Idempotent. The default does nothing.
   */
  default ActionResult settle(EntryPoint ep, String to) throws DriverException {
    return new ActionResult(ep.name() + ": nothing to settle", "");
  }

  @Override
  default void close() {}
}
