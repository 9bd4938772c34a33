package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import java.util.Optional;

/** A transport whose commands and file reads a {@link CommandClock} counts. */
final class MeteredTransport extends ForwardingTransport {

  private final CommandClock clock;

  MeteredTransport(Transport inner, CommandClock clock) {
    super(inner);
    this.clock = clock;
  }

  @Override
  public CommandResult run(Command command) throws DriverException {
    long t0 = System.nanoTime();
    try {
      return inner.run(command);
    } finally {
      clock.add(System.nanoTime() - t0);
    }
  }

  @Override
  public Optional<String> readFile(String path) throws DriverException {
    long t0 = System.nanoTime();
    try {
      return inner.readFile(path);
    } finally {
      clock.add(System.nanoTime() - t0);
    }
  }
}
