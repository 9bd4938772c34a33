package dev.baton.drivers.ssh;

import dev.baton.drivers.transport.LineShell;
import java.io.IOException;
import java.time.Duration;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

/** The node's long-lived shell ({@link LineShell}) on an exec channel of its SSH session. */
final class ShellChannel {

  private ShellChannel() {}

  /** Starts {@code /bin/sh} reading commands from its standard input. */
  static LineShell open(ClientSession session, Duration timeout) throws IOException {
    ChannelExec channel;
    try {
      channel = session.createExecChannel("exec /bin/sh");
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      channel.open().verify(timeout);
      return new LineShell(
          channel.getInvertedIn(),
          channel.getInvertedOut(),
          channel.getInvertedErr(),
          () -> channel.close(true),
          () -> channel.isOpen() && !channel.isClosing());
    } catch (IOException | RuntimeException e) {
      channel.close(true);
      throw e;
    }
  }
}
