package dev.baton.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on a free loopback port that forwards every connection to one target and holds each
 * chunk of bytes for a fixed delay in each direction, so that a round trip through it takes twice
 * the delay longer (100 ms each way: 200 ms). Bytes keep their order; the kernel has no netem here.
 * It serves at most {@link #MAX_CONNECTIONS} connections at once, from one thread pool, and {@link
 * #close()} ends them all.
 */
public final class DelayRelay implements AutoCloseable {

  /** Connections served at once; one more is accepted and closed at once. */
  public static final int MAX_CONNECTIONS = 16;

  // Per connection: two directions, each a reader and a delayed writer.
  private static final int THREADS_PER_CONNECTION = 4;
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private enum State {
    STARTED,
    CLOSED
  }

  /**
   * A chunk read at one moment, due to be written {@code delay} later; empty means end of input.
   */
  private record Chunk(long dueNanos, byte[] bytes) {}

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final ExecutorService pool;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger served = new AtomicInteger();
  private final AtomicReference<State> state = new AtomicReference<>(State.STARTED);

  private DelayRelay(ServerSocket server, InetSocketAddress target, Duration delay) {
    this.server = server;
    this.target = target;
    this.delayNanos = delay.toNanos();
    this.pool =
        Executors.newFixedThreadPool(
            1 + MAX_CONNECTIONS * THREADS_PER_CONNECTION,
            r -> {
              Thread t = new Thread(r, "baton-delay-relay");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts relaying connections to {@code target} with {@code delay} added each way. */
  public static DelayRelay start(InetSocketAddress target, Duration delay) throws IOException {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be negative: " + delay);
    }
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    DelayRelay relay = new DelayRelay(server, target, delay);
    relay.pool.execute(relay::accept);
    return relay;
  }

  /** The loopback port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** How many connections it has accepted since it started. */
  public int served() {
    return served.get();
  }

  private void accept() {
    while (state.get() == State.STARTED) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      served.incrementAndGet();
      if (connections.incrementAndGet() > MAX_CONNECTIONS) {
        connections.decrementAndGet();
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, CONNECT_TIMEOUT_MS);
        relay(client, upstream);
      } catch (IOException | RejectedExecutionException e) {
        // the target refused (or the relay is closing): the client sees its connection closed
        end(client, upstream);
      }
    }
  }

  private void relay(Socket client, Socket upstream) throws IOException {
    open.add(client);
    open.add(upstream);
    client.setTcpNoDelay(true);
    upstream.setTcpNoDelay(true);
    AtomicInteger directions = new AtomicInteger(2);
    Runnable done =
        () -> {
          if (directions.decrementAndGet() == 0) {
            end(client, upstream);
          }
        };
    direction(client, upstream, done);
    direction(upstream, client, done);
  }

  /**
   * One direction: a reader that stamps each chunk with its due time, a writer that waits for it.
   */
  private void direction(Socket from, Socket to, Runnable done) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    pool.execute(() -> read(from, queue));
    pool.execute(() -> write(queue, from, to, done));
  }

  private void read(Socket from, BlockingQueue<Chunk> queue) {
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
      }
    } catch (IOException e) {
      // a reset or a close: end this direction like an end of input
    }
    queue.add(new Chunk(System.nanoTime() + delayNanos, new byte[0]));
  }

  private void write(BlockingQueue<Chunk> queue, Socket from, Socket to, Runnable done) {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk c = queue.take();
        // The delay is the point of this class: hold the chunk until it is due.
        for (long wait = c.dueNanos() - System.nanoTime();
            wait > 0;
            wait = c.dueNanos() - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        if (c.bytes().length == 0) {
          to.shutdownOutput();
          return;
        }
        out.write(c.bytes());
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the other side went away: nothing more can be delivered this way
      closeQuietly(from);
    } finally {
      done.run();
    }
  }

  private void end(Socket a, Socket b) {
    closeQuietly(a);
    closeQuietly(b);
    open.remove(a);
    open.remove(b);
    connections.decrementAndGet();
  }

  /** Stops accepting, closes every connection and waits (bounded) for the pool's threads. */
  @Override
  public void close() {
    if (!state.compareAndSet(State.STARTED, State.CLOSED)) {
      return;
    }
    closeQuietly(server);
    open.forEach(DelayRelay::closeQuietly);
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing is all that is left to do
    }
  }

  @Override
  public String toString() {
    return "DelayRelay[127.0.0.1:"
        + port()
        + " -> "
        + target
        + ", "
        + delayNanos / 1_000_000
        + " ms each way]";
  }
}
