package dev.baton.drivers.haproxy;

import dev.baton.engine.DriverException;

/**
 * One exchange with HAProxy's runtime API (its stats socket): a single command line in, the whole
 * answer out. Locally that is a Unix socket; on a remote node an implementation may run {@code
 * socat} or {@code nc} there.
 */
public interface RuntimeApi {

  /**
   * Sends one command on a fresh connection and returns HAProxy's answer, which ends with an empty
   * line. Fails with a sentence when the socket cannot be reached or does not answer in time.
   */
  String send(String command) throws DriverException;
}
