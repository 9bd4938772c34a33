package dev.baton.drivers.haproxy;

import dev.baton.engine.DriverException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** HAProxy's runtime API on a stats socket of this machine, one command per connection. */
public final class LocalRuntimeApi implements RuntimeApi {

  /** Long enough for a loaded HAProxy, short enough that a hung one does not stall a run. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  // Blocking channels have no read timeout; a watchdog closes the channel instead, which makes a
  // blocked connect, write or read fail at once.
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "baton-haproxy-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final Path socket;
  private final Duration timeout;

  public LocalRuntimeApi(Path socket) {
    this(socket, DEFAULT_TIMEOUT);
  }

  public LocalRuntimeApi(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  @Override
  public String send(String command) throws DriverException {
    if (command.contains("\n")) {
      throw new IllegalArgumentException("a runtime API command is one line: " + command);
    }
    SocketChannel channel = open();
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
    try (channel) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(StandardCharsets.UTF_8.encode(command + "\n"));
      return readToEnd(channel);
    } catch (ClosedChannelException e) {
      throw new DriverException(
          "HAProxy did not answer \""
              + command
              + "\" on "
              + socket
              + " within "
              + timeout.toMillis()
              + " ms",
          "");
    } catch (IOException e) {
      throw unreachable(e);
    } finally {
      watchdog.cancel(false);
    }
  }

  private SocketChannel open() throws DriverException {
    try {
      return SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException e) {
      throw new DriverException("cannot open a Unix socket: " + e.getMessage(), "");
    }
  }

  private static String readToEnd(SocketChannel channel) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    // HAProxy closes the connection after answering a non-interactive command.
    while (channel.read(buffer) >= 0) {
      answer.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    return answer.toString(StandardCharsets.UTF_8);
  }

  private DriverException unreachable(IOException e) {
    String why = String.valueOf(e.getMessage());
    if (!Files.exists(socket)) {
      return new DriverException(
          "HAProxy's stats socket "
              + socket
              + " does not exist; is HAProxy running with \"stats socket "
              + socket
              + " level admin\" in its global section?",
          "");
    }
    if (why.contains("Permission denied")) {
      return new DriverException(
          "Baton may not open HAProxy's stats socket "
              + socket
              + " (permission denied); run as its owner or widen its mode",
          "");
    }
    if (why.contains("Connection refused")) {
      return new DriverException(
          "nothing listens on HAProxy's stats socket " + socket + "; is HAProxy running?", "");
    }
    return new DriverException("cannot talk to HAProxy on " + socket + ": " + why, "");
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing only interrupts a stuck exchange; there is nothing left to clean up.
    }
  }

  @Override
  public String toString() {
    return socket.toString();
  }
}
