package dev.baton.drivers.files;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A node that runs nothing: it records each command and answers with canned results in order. */
final class RecordingTransport implements Transport {

  final List<Command> commands = new ArrayList<>();
  private final Deque<String[]> answers = new ArrayDeque<>();

  /** Queues an answer: exit code, stdout, stderr. */
  RecordingTransport answer(int exit, String stdout, String stderr) {
    answers.add(new String[] {String.valueOf(exit), stdout, stderr});
    return this;
  }

  /** The PowerShell script of the i-th command (argv's last element). */
  String script(int i) {
    List<String> argv = commands.get(i).argv();
    return argv.get(argv.size() - 1);
  }

  @Override
  public CommandResult run(Command command) {
    commands.add(command);
    String[] a = answers.isEmpty() ? new String[] {"0", "", ""} : answers.poll();
    return new CommandResult(command, Integer.parseInt(a[0]), a[1], a[2], Duration.ofMillis(1));
  }

  @Override
  public Optional<String> readFile(String path) {
    throw new UnsupportedOperationException("the registry store reads through PowerShell only");
  }

  @Override
  public InetSocketAddress reach(String host, int port) throws DriverException {
    throw new DriverException("not reachable", "");
  }
}
