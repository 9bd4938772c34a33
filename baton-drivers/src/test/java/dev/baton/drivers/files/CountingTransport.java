package dev.baton.drivers.files;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.ForwardingTransport;
import dev.baton.drivers.transport.LocalTransport;
import dev.baton.engine.DriverException;
import java.util.ArrayList;
import java.util.List;

/**
 * A local transport that keeps the commands it ran, so a test can tell whether a file was written.
 */
final class CountingTransport extends ForwardingTransport {

  final List<Command> runs = new ArrayList<>();

  CountingTransport() {
    super(new LocalTransport());
  }

  @Override
  public CommandResult run(Command command) throws DriverException {
    runs.add(command);
    return inner.run(command);
  }
}
