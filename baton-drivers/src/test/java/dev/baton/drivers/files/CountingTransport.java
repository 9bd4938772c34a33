package dev.baton.drivers.files;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.LocalTransport;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A local transport that keeps the commands it ran, so a test can tell whether a file was written.
 */
final class CountingTransport implements Transport {

  final List<Command> runs = new ArrayList<>();
  private final Transport local = new LocalTransport();

  @Override
  public CommandResult run(Command command) throws DriverException {
    runs.add(command);
    return local.run(command);
  }

  @Override
  public Optional<String> readFile(String path) throws DriverException {
    return local.readFile(path);
  }

  @Override
  public InetSocketAddress reach(String host, int port) throws DriverException {
    return local.reach(host, port);
  }
}
