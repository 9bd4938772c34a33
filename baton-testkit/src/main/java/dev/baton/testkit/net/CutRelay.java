package dev.baton.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay on a free loopback port that passes connections through to one target until a client
 * first sends a chosen text (a SQL statement, say); it then resets that connection, having passed
 * the text on or not. It cuts once: later connections, and the same text sent again, pass. For
 * tests of what a client makes of a connection lost at the worst moment.
 */
public final class CutRelay implements AutoCloseable {

  /** Whether the text that triggers the cut reaches the target before the cut. */
  public enum Cut {
    AFTER_PASSING_IT_ON,
    BEFORE_PASSING_IT_ON
  }

  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final byte[] trigger;
  private final Cut cut;
  private final AtomicBoolean armed = new AtomicBoolean(true);
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "baton-cut-relay");
            t.setDaemon(true);
            return t;
          });

  private CutRelay(ServerSocket server, InetSocketAddress target, String trigger, Cut cut) {
    this.server = server;
    this.target = target;
    this.trigger = trigger.getBytes(StandardCharsets.UTF_8);
    this.cut = cut;
  }

  /** Relays to {@code target}, cutting the first connection that sends {@code trigger}. */
  public static CutRelay start(InetSocketAddress target, String trigger, Cut cut)
      throws IOException {
    if (trigger.isEmpty()) {
      throw new IllegalArgumentException("the text that triggers the cut cannot be empty");
    }
    CutRelay relay =
        new CutRelay(
            new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), target, trigger, cut);
    relay.pool.execute(relay::accept);
    return relay;
  }

  /** The loopback port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Whether it has cut a connection. */
  public boolean hasCut() {
    return !armed.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try {
          upstream.connect(target, CONNECT_TIMEOUT_MS);
          pool.execute(() -> pump(client, upstream, true));
          pool.execute(() -> pump(upstream, client, false));
        } catch (IOException | RejectedExecutionException e) {
          reset(client, upstream);
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean fromClient) {
    byte[] buf = new byte[16384];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        boolean cutNow =
            fromClient && contains(buf, n, trigger) && armed.compareAndSet(true, false);
        if (cutNow && cut == Cut.BEFORE_PASSING_IT_ON) {
          reset(from, to);
          return;
        }
        out.write(buf, 0, n);
        out.flush();
        if (cutNow) {
          reset(from, to);
          return;
        }
      }
      to.shutdownOutput();
    } catch (IOException e) {
      reset(from, to);
    }
  }

  private static boolean contains(byte[] buf, int n, byte[] part) {
    outer:
    for (int i = 0; i <= n - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (buf[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Closes both ends with a reset, as a connection lost to the network would end. */
  private void reset(Socket a, Socket b) {
    for (Socket s : new Socket[] {a, b}) {
      try {
        if (!s.isClosed() && s.isConnected()) {
          s.setSoLinger(true, 0);
        }
        s.close();
      } catch (IOException e) {
        // already gone
      }
      open.remove(s);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
    open.clear();
    pool.shutdownNow();
  }
}
