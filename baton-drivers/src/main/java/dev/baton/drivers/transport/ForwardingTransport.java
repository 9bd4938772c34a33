package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A transport that hands everything to another one; a subclass overrides what it adds to (counting
 * time, tagging commands). Forwarding every method here means a method added to {@link Transport}
 * later, like {@link #patience()}, cannot be forgotten by one wrapper and so fall back to the
 * default.
 */
public abstract class ForwardingTransport implements Transport {

  protected final Transport inner;

  protected ForwardingTransport(Transport inner) {
    this.inner = inner;
  }

  @Override
  public CommandResult run(Command command) throws DriverException {
    return inner.run(command);
  }

  @Override
  public RunningCommand open(Command command) throws DriverException {
    return inner.open(command);
  }

  @Override
  public Optional<String> readFile(String path) throws DriverException {
    return inner.readFile(path);
  }

  @Override
  public InetSocketAddress reach(String host, int port) throws DriverException {
    return inner.reach(host, port);
  }

  @Override
  public Duration patience() {
    return inner.patience();
  }

  @Override
  public void close() {
    inner.close();
  }
}
