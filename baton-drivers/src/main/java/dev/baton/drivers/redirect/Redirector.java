package dev.baton.drivers.redirect;

import dev.baton.engine.ActionResult;
import dev.baton.engine.DriverException;
import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.model.EntryPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
   * Every fact this redirection observes about the entry point: by default where it points. A
   * redirection that knows more (a pooler: whether it holds its clients, how many wait) says more,
   * and one that cannot be reached says why as a fact rather than failing the observation.
   */
  default List<Fact> observe(EntryPoint ep) throws DriverException {
    return pointsAt(ep)
        .map(c -> List.of(new Fact(FactKind.POINTS_AT, ep.name(), c, "redirect", Instant.now())))
        .orElse(List.of());
  }

  /** Whether this redirection can hold its clients (they wait, not fail) while the role changes. */
  default boolean holdsClients() {
    return false;
  }

  /**
   * Holds the entry point's clients, which must point at {@code from}: running transactions finish
   * within {@code wait}, new ones wait; the move to {@code to} may be staged meanwhile, to be
   * applied by {@link #release}. A hold that cannot finish within {@code wait} lets the clients go
   * on where they were and fails. Idempotent.
   */
  default ActionResult hold(EntryPoint ep, String from, String to, Duration wait)
      throws DriverException {
    throw new DriverException(ep.name() + " cannot hold its clients", "");
  }

  /**
   * Points the entry point at {@code to} and lets held clients go on. Idempotent; the default, for
   * a redirection that holds nothing, is {@link #redirect}.
   */
  default ActionResult release(EntryPoint ep, String to) throws DriverException {
    return redirect(ep, to);
  }

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
