package dev.baton.drivers.ssh;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.OutputTail;
import dev.baton.drivers.transport.RunningCommand;
import dev.baton.engine.DriverException;
import dev.baton.engine.OutcomeUnknownException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * A command on an exec channel of its own whose standard input and output are the channel's byte
 * streams ({@link RunningCommand}). Closing the channel does not signal the remote command: it ends
 * at its next read (end-of-file) or write (SIGPIPE), as a command whose ssh client went away.
 */
final class SshStream implements RunningCommand {

  private final String node;
  private final Command command;
  private final ChannelExec channel;
  private final OutputTail stderr;

  SshStream(String node, Command command, ChannelExec channel, OutputTail stderr) {
    this.node = node;
    this.command = command;
    this.channel = channel;
    this.stderr = stderr;
  }

  @Override
  public Command command() {
    return command;
  }

  @Override
  public OutputStream stdin() {
    return channel.getInvertedIn();
  }

  @Override
  public InputStream stdout() {
    return channel.getInvertedOut();
  }

  @Override
  public String stderr() {
    return stderr.text();
  }

  /**
   * The server closes the channel once the command has exited and its output has been sent; a
   * channel that closed without an exit status lost its connection.
   */
  @Override
  public Optional<Exit> await(Duration within) throws DriverException {
    Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), within);
    if (!events.contains(ClientChannelEvent.CLOSED)) {
      return Optional.empty();
    }
    Integer code = SshTransport.exitCode(channel);
    if (code == null) {
      throw new OutcomeUnknownException(
          "lost the SSH connection to "
              + node
              + " while running "
              + command.display()
              + "; its outcome is unknown",
          stderr.text());
    }
    return Optional.of(new Exit(code, stderr.text()));
  }

  @Override
  public void close() {
    channel.close(true);
  }
}
