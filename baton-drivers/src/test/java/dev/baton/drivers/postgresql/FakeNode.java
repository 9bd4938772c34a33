package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node with files in memory that answers commands with canned results in order (exit 0 and no
 * output once they run out), and whose ports lead to {@code reachAt}.
 */
final class FakeNode implements Transport {

  final Map<String, String> files = new HashMap<>();
  final List<Command> commands = new ArrayList<>();
  private final Deque<CommandResult> answers = new ArrayDeque<>();
  private final InetSocketAddress reachAt;

  FakeNode() {
    this(new InetSocketAddress("127.0.0.1", 1));
  }

  FakeNode(InetSocketAddress reachAt) {
    this.reachAt = reachAt;
  }

  FakeNode file(String path, String content) {
    files.put(path, content);
    return this;
  }

  FakeNode answer(int exit, String stdout, String stderr) {
    answers.add(
        new CommandResult(
            Command.of(Duration.ofSeconds(1), "x"), exit, stdout, stderr, Duration.ZERO));
    return this;
  }

  @Override
  public CommandResult run(Command command) {
    commands.add(command);
    CommandResult a = answers.poll();
    return a == null
        ? new CommandResult(command, 0, "", "", Duration.ZERO)
        : new CommandResult(command, a.exitCode(), a.stdout(), a.stderr(), Duration.ZERO);
  }

  @Override
  public Optional<String> readFile(String path) {
    return Optional.ofNullable(files.get(path));
  }

  @Override
  public InetSocketAddress reach(String host, int port) {
    return reachAt;
  }
}
