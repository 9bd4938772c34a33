package dev.baton.testkit.workload;

import dev.baton.testkit.Timing;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A client that inserts unique ids in a loop, each in its own transaction, and records in a {@link
 * History} what it saw of every insert: when, how it ended and which server acknowledged it.
 */
public final class WorkloadClient implements AutoCloseable {

  /**
   * How the client paces and bounds itself.
   *
   * @param maxDuration the loop always ends after this long, even if never stopped
   * @param maxOpsPerSecond a rate limit, or 0 for as fast as the server answers
   * @param stopTimeout how long {@link #stop()} waits for the op in flight before cutting it,
   *     scaled by {@link Timing}
   */
  public record Settings(Duration maxDuration, double maxOpsPerSecond, Duration stopTimeout) {

    public static final Settings DEFAULT =
        new Settings(Duration.ofMinutes(10), 0, Duration.ofSeconds(10));

    public Settings withMaxDuration(Duration d) {
      return new Settings(d, maxOpsPerSecond, stopTimeout);
    }

    public Settings withMaxOpsPerSecond(double rate) {
      return new Settings(maxDuration, rate, stopTimeout);
    }
  }

  /** Connection properties unless the caller or the URL sets them; timeouts in seconds. */
  static final Map<String, String> DEFAULT_PROPERTIES =
      Map.of(
          "connectTimeout", "2",
          "socketTimeout", "5",
          "loginTimeout", "3",
          "ApplicationName", "baton-workload");

  static final Duration BACKOFF_MIN = Duration.ofMillis(5);
  static final Duration BACKOFF_MAX = Duration.ofMillis(50);

  private enum State {
    LATENT,
    STARTED,
    STOPPED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final Settings settings;
  private final History history;
  private final Inserter inserter;
  private final Thread thread;
  private volatile long deadlineNanos;

  /** A client with the default settings and a history of its own. */
  public WorkloadClient(String jdbcUrl) {
    this(jdbcUrl, new Properties(), Settings.DEFAULT, new History());
  }

  /**
   * A client writing through {@code jdbcUrl}, normally a pgjdbc multi-host URL with {@code
   * targetServerType=primary}. Clients that share {@code history} also share its ids.
   */
  public WorkloadClient(String jdbcUrl, Properties properties, Settings settings, History history) {
    this.settings = settings;
    this.history = history;
    this.inserter = new Inserter(jdbcUrl, Jdbc.properties(DEFAULT_PROPERTIES, properties));
    this.thread = new Thread(this::loop, "baton-workload");
    thread.setDaemon(true);
  }

  /** Creates the table if missing, keeps ids above those already in it, and starts inserting. */
  public void start() throws SQLException {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    try {
      history.reserveAbove(inserter.prepareTable());
    } catch (SQLException e) {
      state.set(State.STOPPED);
      throw e;
    }
    deadlineNanos = System.nanoTime() + settings.maxDuration().toNanos();
    thread.start();
  }

  /**
   * Stops inserting and waits, bounded, for the op in flight to end. An op stuck in the network
   * past the stop timeout is cut and recorded as unknown. Returns whether the loop ended.
   */
  public boolean stop() {
    if (state.getAndSet(State.STOPPED) == State.LATENT) {
      return true;
    }
    LockSupport.unpark(thread);
    if (awaitEnd(settings.stopTimeout())) {
      return true;
    }
    inserter.abort();
    return awaitEnd(Duration.ofSeconds(1));
  }

  /**
   * Waits, bounded by {@code timeout} scaled by {@link Timing}, for the loop to end by {@link
   * #stop()} or by its maximum duration.
   */
  public boolean awaitEnd(Duration timeout) {
    try {
      // join(0) would wait forever.
      thread.join(Math.max(1, Timing.scaled(timeout).toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  public History history() {
    return history;
  }

  /** The ids of this run that the table holds now, read through the client's URL. */
  public Set<Long> finalIds() throws SQLException {
    long from = history.lowestId().orElse(Long.MAX_VALUE);
    return inserter.readIds(from);
  }

  @Override
  public void close() {
    stop();
  }

  private void loop() {
    Backoff backoff = new Backoff(BACKOFF_MIN, BACKOFF_MAX);
    Pacer pacer = new Pacer(settings.maxOpsPerSecond());
    try {
      while (pacer.awaitTurn(this::running)) {
        Op op = inserter.insert(history.nextId());
        history.add(op);
        if (op.acknowledged()) {
          backoff.reset();
        } else {
          backoff.await(this::running);
        }
      }
    } finally {
      inserter.close();
    }
  }

  private boolean running() {
    return state.get() == State.STARTED && System.nanoTime() - deadlineNanos < 0;
  }

  /** Spaces the starts of ops to honour a rate limit, without bursts to catch up. */
  private static final class Pacer {
    private final long intervalNanos;
    private long nextNanos = System.nanoTime();

    Pacer(double opsPerSecond) {
      this.intervalNanos = opsPerSecond > 0 ? (long) (1e9 / opsPerSecond) : 0;
    }

    boolean awaitTurn(BooleanSupplier keepGoing) {
      if (intervalNanos == 0) {
        return keepGoing.getAsBoolean();
      }
      boolean go = Pause.until(nextNanos, keepGoing);
      nextNanos = Math.max(nextNanos, System.nanoTime()) + intervalNanos;
      return go;
    }
  }
}
