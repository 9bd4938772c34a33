package dev.baton.testkit.haproxy;

import dev.baton.drivers.haproxy.RuntimeApi;
import dev.baton.engine.DriverException;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes commands to a real HAProxy, records them, and after each command that changes something
 * reads the backend's state afresh to catch a moment with two ready servers.
 */
final class WatchingRuntimeApi implements RuntimeApi {

  private final LocalHaproxy haproxy;
  private final String backend;
  final List<String> commands = new ArrayList<>();
  final List<String> twoReady = new ArrayList<>();

  WatchingRuntimeApi(LocalHaproxy haproxy, String backend) {
    this.haproxy = haproxy;
    this.backend = backend;
  }

  @Override
  public String send(String command) throws DriverException {
    commands.add(command);
    String answer = haproxy.send(command);
    if (!command.startsWith("show ")) {
      List<String> ready = RawState.read(haproxy, backend).ready();
      if (ready.size() > 1) {
        twoReady.add("after \"" + command + "\": " + ready);
      }
    }
    return answer;
  }
}
