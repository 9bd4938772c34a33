package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How a driver reaches one node: run commands, stream a command's bytes, read small files, and open
 * a TCP path to a port on the node. Local today; SSH implements the same interface, so drivers
 * never know which.
 */
public interface Transport extends AutoCloseable {

  /** Runs a command to completion or its timeout; a non-zero exit is a result, not an error. */
  CommandResult run(Command command) throws DriverException;

  /**
   * Starts a command whose standard input and output are byte streams, for data too large or too
   * binary for {@link #run}: a copy of a data directory through tar, say. The caller awaits or
   * closes it; its timeout bounds the whole stream ({@link Pipe}).
   */
  default RunningCommand open(Command command) throws DriverException {
    throw new UnsupportedOperationException(
        getClass().getSimpleName()
            + " cannot stream the input and output of "
            + command.display()
            + "; only the local and SSH transports can");
  }

  /** The content of a small file on the node, or empty when it does not exist. */
  Optional<String> readFile(String path) throws DriverException;

  /** An address on this machine that reaches {@code host:port} as seen from the node. */
  InetSocketAddress reach(String host, int port) throws DriverException;

  /**
   * How long one network exchange through this transport may take before the far end counts as not
   * answering: 2 s on this machine's own network; over SSH, the connect timeout the operator set,
   * since a slow or lossy link to the node is the SSH link.
   */
  default Duration patience() {
    return Duration.ofSeconds(2);
  }

  @Override
  default void close() {}
}
