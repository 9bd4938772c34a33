package dev.baton.drivers.pack;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Windows node that runs nothing: it records each script and answers from a table of canned
 * results, chosen by the first pattern the script contains; anything else succeeds silently.
 */
final class ScriptedTransport implements Transport {

  final List<String> scripts = new ArrayList<>();
  private final Map<String, CommandResult> answers = new LinkedHashMap<>();
  private boolean down;

  /** Answers scripts containing {@code fragment} with this exit code and output. */
  ScriptedTransport on(String fragment, int exit, String stdout, String stderr) {
    answers.put(fragment, new CommandResult(null, exit, stdout, stderr, Duration.ZERO));
    return this;
  }

  ScriptedTransport unreachable() {
    down = true;
    return this;
  }

  @Override
  public CommandResult run(Command command) throws DriverException {
    if (down) {
      throw new DriverException("cannot connect", "");
    }
    String script = PackRenderer.script(command);
    scripts.add(script);
    for (Map.Entry<String, CommandResult> a : answers.entrySet()) {
      if (script.contains(a.getKey())) {
        CommandResult r = a.getValue();
        return new CommandResult(
            command, r.exitCode(), r.stdout(), r.stderr(), Duration.ofMillis(1));
      }
    }
    return new CommandResult(command, 0, "", "", Duration.ofMillis(1));
  }

  @Override
  public Optional<String> readFile(String path) {
    throw new UnsupportedOperationException("packs read through PowerShell only");
  }

  @Override
  public InetSocketAddress reach(String host, int port) throws DriverException {
    throw new DriverException("not reachable", "");
  }
}
