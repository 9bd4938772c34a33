package dev.baton.drivers.ssh;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.OutputTail;
import dev.baton.drivers.transport.RunningCommand;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.model.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Runs commands on one node over one SSH session, opened on first use, reused across commands and
 * steps, and re-opened once when it was found closed. On a POSIX node commands go to one long-lived
 * shell ({@link ShellChannel}), so that each costs one round trip rather than a new channel and a
 * new shell; a command that arrives while the shell is busy gets a channel of its own, as every
 * command did before.
 */
public final class SshTransport implements Transport {

  private enum State {
    OPEN,
    CLOSED
  }

  private final Node node;
  private final SshSettings settings;
  private final RemoteShell shell;
  private final SshConnector connector;
  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
  private ClientSession session; // guarded by this
  private final Map<String, InetSocketAddress> forwards = new HashMap<>(); // guarded by this
  private final ReentrantLock shellLock = new ReentrantLock();
  private dev.baton.drivers.transport.LineShell shellChannel; // guarded by shellLock

  public SshTransport(Node node, SshSettings settings) {
    this(node, settings, RemoteShell.POSIX);
  }

  public SshTransport(Node node, SshSettings settings, RemoteShell shell) {
    this.node = node;
    this.settings = settings;
    this.shell = shell;
    this.connector = new SshConnector(node, settings);
  }

  @Override
  public CommandResult run(Command command) throws DriverException {
    String line;
    try {
      line = shell.render(command, login());
    } catch (IllegalArgumentException e) {
      throw new DriverException("cannot run " + command.display() + ": " + e.getMessage(), "");
    }
    return exec(line, command);
  }

  /**
   * An exec channel of its own whose streams carry the command's bytes as they are (never the
   * long-lived shell, whose input carries command lines), with the user switched as for {@link
   * #run}.
   */
  @Override
  public RunningCommand open(Command command) throws DriverException {
    String line;
    try {
      line = shell.render(command, login());
    } catch (IllegalArgumentException e) {
      throw new DriverException("cannot run " + command.display() + ": " + e.getMessage(), "");
    }
    ClientSession s = session();
    ChannelExec channel;
    try {
      channel = s.createExecChannel(line);
    } catch (IOException | IllegalStateException e) {
      throw new DriverException(
          "cannot start " + command.display() + " on node " + node.name() + ": " + e.getMessage(),
          "");
    }
    OutputTail err = new OutputTail();
    channel.setErr(err);
    // A reader that pauses (a disk flushing on the far side) is not an error before the timeout
    // of the command, which bounds the whole stream.
    CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(channel, command.timeout());
    try {
      OpenFuture opening = channel.open();
      if (!opening.await(settings.connectTimeout())) {
        channel.close(true);
        dropIfIdle(s);
        throw unconfirmed(command);
      }
      opening.verify(settings.connectTimeout());
    } catch (IOException e) {
      channel.close(true);
      throw cannotStart(command, e);
    }
    return new SshStream(node.name(), command, channel, err);
  }

  @Override
  public Optional<String> readFile(String path) throws DriverException {
    Command cat = Command.of(settings.defaultCommandTimeout(), "cat", "--", path);
    CommandResult r = exec(shell.readFile(path), cat);
    if (r.ok()) {
      return Optional.of(r.stdout());
    }
    if (shell.missing(r.exitCode(), r.stderr())) {
      return Optional.empty();
    }
    throw new DriverException(
        "cannot read " + path + " on node " + node.name() + ": " + r.stderr().strip(),
        r.transcript());
  }

  /** The connect timeout, and never less than a local exchange gets. */
  @Override
  public Duration patience() {
    Duration local = Transport.super.patience();
    return settings.connectTimeout().compareTo(local) > 0 ? settings.connectTimeout() : local;
  }

  @Override
  public synchronized InetSocketAddress reach(String host, int port) throws DriverException {
    ClientSession s = session();
    InetSocketAddress known = forwards.get(host + ":" + port);
    if (known != null) {
      return known;
    }
    try {
      SshdSocketAddress bound =
          s.startLocalPortForwarding(
              new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(host, port));
      InetSocketAddress local = new InetSocketAddress("127.0.0.1", bound.getPort());
      forwards.put(host + ":" + port, local);
      return local;
    } catch (IOException e) {
      throw new DriverException(
          "cannot forward a local port to "
              + host
              + ":"
              + port
              + " through node "
              + node.name()
              + ": "
              + e.getMessage(),
          "");
    }
  }

  @Override
  public void close() {
    if (state.compareAndSet(State.OPEN, State.CLOSED)) {
      synchronized (this) {
        if (session != null) {
          // Closing the session also closes its port forwards.
          session.close(true);
          session = null;
        }
        forwards.clear();
      }
    }
  }

  /** The user the session logs in as, which decides whether runAs needs sudo. */
  private String login() throws DriverException {
    return session().getUsername();
  }

  /** The open session, opening a new one if there is none or the last one was closed. */
  private synchronized ClientSession session() throws DriverException {
    if (state.get() == State.CLOSED) {
      throw new DriverException("the SSH transport to node " + node.name() + " is closed", "");
    }
    if (session == null || !session.isOpen()) {
      // Forwards of a closed session are gone; reach() opens new ones on the new session.
      forwards.clear();
      session = connector.open();
    }
    return session;
  }

  private CommandResult exec(String line, Command command) throws DriverException {
    if (shell == RemoteShell.POSIX && shellLock.tryLock()) {
      try {
        return inShell(line, command);
      } finally {
        shellLock.unlock();
      }
    }
    return inChannel(line, command);
  }

  /** Runs the command in the node's long-lived shell, opening one when there is none. */
  private CommandResult inShell(String line, Command command) throws DriverException {
    Duration timeout =
        command.timeout() == null ? settings.defaultCommandTimeout() : command.timeout();
    long t0 = System.nanoTime();
    ClientSession s = session();
    if (shellChannel == null || !shellChannel.isOpen()) {
      try {
        shellChannel = ShellChannel.open(s, settings.connectTimeout());
      } catch (IOException e) {
        if (unanswered(e)) {
          drop(s);
          throw cannotStart(command, e);
        }
        // No long-lived shell (a server that refuses more channels): a channel per command.
        return inChannel(line, command);
      }
    }
    try {
      dev.baton.drivers.transport.LineShell.Output o = shellChannel.run(line, timeout);
      return new CommandResult(
          command, o.exitCode(), o.stdout(), o.stderr(), Duration.ofNanos(System.nanoTime() - t0));
    } catch (java.util.concurrent.TimeoutException e) {
      shellChannel = null;
      throw lostOr(
          s,
          command,
          command.display()
              + " did not finish within "
              + timeout.toSeconds()
              + " s on node "
              + node.name(),
          new ByteArrayOutputStream());
    } catch (IOException e) {
      shellChannel = null;
      awaitClosing(s);
      throw lostOr(
          s,
          command,
          "the shell on node " + node.name() + " ended while running " + command.display(),
          new ByteArrayOutputStream());
    }
  }

  /** A shell that ended with its connection: give the session a moment to notice it is closed. */
  private static void awaitClosing(ClientSession s) {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (s.isOpen() && !s.isClosing() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Runs the command on an exec channel of its own. */
  private CommandResult inChannel(String line, Command command) throws DriverException {
    Duration timeout =
        command.timeout() == null ? settings.defaultCommandTimeout() : command.timeout();
    long t0 = System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ClientSession s = session();
    ChannelExec channel = start(s, line, out, err, command);
    Set<ClientChannelEvent> events =
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
    if (!events.contains(ClientChannelEvent.CLOSED)) {
      channel.close(true);
      throw lostOr(
          s,
          command,
          command.display()
              + " did not finish within "
              + timeout.toSeconds()
              + " s on node "
              + node.name(),
          out);
    }
    Integer exit = exitCode(channel);
    if (exit == null) {
      throw lostOr(
          s, command, "the SSH server closed " + command.display() + " without an exit code", out);
    }
    return new CommandResult(
        command,
        exit,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  private ChannelExec start(
      ClientSession s, String line, ByteArrayOutputStream out, ByteArrayOutputStream err, Command c)
      throws DriverException {
    try {
      return open(s, line, out, err);
    } catch (NotConfirmed e) {
      dropIfIdle(s);
      throw unconfirmed(c);
    } catch (IOException e) {
      if (s.isOpen()) {
        throw cannotStart(c, e);
      }
    }
    // The session died before the server confirmed the channel, so the exec request was never sent
    // and the command never started: one new session may carry it.
    ClientSession again = session();
    try {
      return open(again, line, out, err);
    } catch (NotConfirmed e) {
      dropIfIdle(again);
      throw unconfirmed(c);
    } catch (IOException e) {
      throw cannotStart(c, e);
    }
  }

  /**
   * The server did not confirm a channel in time. MINA sends the exec request when the confirmation
   * arrives, even after the wait gave up, so unlike a channel the server refused or a session that
   * closed first, the command may yet run.
   */
  private static final class NotConfirmed extends IOException {
    private static final long serialVersionUID = 1L;

    NotConfirmed(String message) {
      super(message);
    }
  }

  private ChannelExec open(
      ClientSession s, String line, ByteArrayOutputStream out, ByteArrayOutputStream err)
      throws IOException {
    ChannelExec channel;
    try {
      channel = s.createExecChannel(line);
    } catch (IllegalStateException e) {
      // The session began closing after session() found it open (a dropped link): the command
      // never started, like a channel whose session closed before the server confirmed it.
      throw new IOException(e.getMessage(), e);
    }
    channel.setOut(out);
    channel.setErr(err);
    try {
      OpenFuture opening = channel.open();
      if (!opening.await(settings.connectTimeout())) {
        throw new NotConfirmed("no confirmation within " + settings.connectTimeout());
      }
      // Done by now: returns at once when the channel opened, else throws why it did not.
      opening.verify(settings.connectTimeout());
      // No input: the command sees end-of-file on stdin, as it would with </dev/null.
      channel.getInvertedIn().close();
      return channel;
    } catch (IOException e) {
      channel.close(true);
      throw e;
    }
  }

  /**
   * A channel the server neither opened nor refused within the connect timeout: the connection
   * carries nothing any more (a cut link, a frozen host), though TCP has not noticed yet.
   */
  private static boolean unanswered(IOException e) {
    return !(e instanceof org.apache.sshd.common.channel.exception.SshChannelOpenException);
  }

  /**
   * A session that does not confirm a channel may be dead, or only slow (a lossy link): it is
   * dropped when no command runs in its shell, whose outcome closing it would make unknown.
   */
  private void dropIfIdle(ClientSession s) {
    if (shellLock.tryLock()) {
      try {
        drop(s);
      } finally {
        shellLock.unlock();
      }
    }
  }

  /**
   * Closes a session that stopped answering, so that the next command connects afresh and fails
   * within the connect timeout instead of waiting on a dead connection each time.
   */
  private synchronized void drop(ClientSession s) {
    s.close(true);
    if (session == s) {
      session = null;
      shellChannel = null;
      forwards.clear();
    }
  }

  /**
   * The confirmation may still arrive, and MINA sends the exec request as soon as it does: the
   * command may run, so it is neither sent again nor reported as never started.
   */
  private DriverException unconfirmed(Command c) {
    return new dev.baton.engine.OutcomeUnknownException(
        "the SSH server of node "
            + node.name()
            + " did not confirm the channel for "
            + c.display()
            + " within "
            + settings.connectTimeout().toSeconds()
            + " s; it may still run, so its outcome is unknown",
        "");
  }

  private DriverException cannotStart(Command c, IOException e) {
    return new DriverException(
        "cannot start " + c.display() + " on node " + node.name() + ": " + e.getMessage(), "");
  }

  /** The exit status, or 128 + the signal number for a command a signal ended, like a shell. */
  static Integer exitCode(ChannelExec channel) {
    if (channel.getExitStatus() != null) {
      return channel.getExitStatus();
    }
    String signal = channel.getExitSignal();
    return signal == null ? null : 128 + Signals.number(signal);
  }

  private DriverException lostOr(
      ClientSession s, Command command, String otherwise, ByteArrayOutputStream out) {
    String evidence = out.toString(StandardCharsets.UTF_8);
    if (!s.isOpen() || s.isClosing()) {
      return new dev.baton.engine.OutcomeUnknownException(
          "lost the SSH connection to "
              + node.name()
              + " while running "
              + command.display()
              + "; its outcome is unknown",
          evidence);
    }
    return new DriverException(otherwise, evidence);
  }
}
