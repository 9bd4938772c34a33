package dev.baton.testkit.workload;

import dev.baton.testkit.Timing;
import dev.baton.testkit.workload.ProbeSample.Writability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks every server, round after round, whether it would accept a write, so that the two-actives
 * check sees each server's state even when no client write reaches it.
 */
public final class WritabilityProbe implements AutoCloseable {

  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(20);

  /** Short timeouts (seconds), since an unreachable server delays the whole round. */
  static final Map<String, String> DEFAULT_PROPERTIES =
      Map.of(
          "connectTimeout", "1",
          "socketTimeout", "1",
          "loginTimeout", "1",
          "ApplicationName", "baton-probe");

  // Asks, without writing, what a write would meet: recovery, or a read-only default.
  static final String QUERY =
      "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')";

  private enum State {
    LATENT,
    STARTED,
    STOPPED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final List<Target> targets;
  private final Duration period;
  private final Duration maxDuration;
  private final List<ProbeSample> samples = new ArrayList<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "baton-probe");
            t.setDaemon(true);
            return t;
          });
  private volatile long deadlineNanos;
  private long round;

  /** A probe of single-host URLs every 20 ms for at most ten minutes. */
  public WritabilityProbe(List<String> urls) {
    this(urls, new Properties(), DEFAULT_PERIOD, Duration.ofMinutes(10));
  }

  /** A probe of single-host URLs, each labelled {@code host:port} as written in its URL. */
  public WritabilityProbe(
      List<String> urls, Properties properties, Duration period, Duration maxDuration) {
    Properties merged = Jdbc.properties(DEFAULT_PROPERTIES, properties);
    this.targets = urls.stream().map(u -> new Target(Jdbc.label(u), u, merged)).toList();
    this.period = period;
    this.maxDuration = maxDuration;
  }

  public void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("Cannot be started more than once");
    }
    deadlineNanos = System.nanoTime() + maxDuration.toNanos();
    // A fixed delay, not a fixed rate: after a slow round the probe does not fire a burst.
    executor.scheduleWithFixedDelay(this::round, 0, period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops probing, waiting a bounded time for the round in flight; returns whether it ended. */
  public boolean stop() {
    state.set(State.STOPPED);
    executor.shutdown();
    boolean ended = awaitTermination(Duration.ofSeconds(5));
    if (!ended) {
      targets.forEach(Target::abort);
      ended = awaitTermination(Duration.ofSeconds(1));
    }
    targets.forEach(Target::close);
    return ended;
  }

  /** A snapshot of the samples taken so far. */
  public List<ProbeSample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void round() {
    if (state.get() != State.STARTED || System.nanoTime() - deadlineNanos >= 0) {
      // Past the maximum duration: end on our own, even if nobody calls stop().
      executor.shutdown();
      targets.forEach(Target::close);
      return;
    }
    round++;
    for (Target t : targets) {
      ProbeSample s = t.probe(round);
      synchronized (samples) {
        samples.add(s);
      }
    }
  }

  private boolean awaitTermination(Duration timeout) {
    try {
      return executor.awaitTermination(Timing.scaled(timeout).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** One probed server and the connection kept open to it between rounds. */
  private static final class Target {
    private final String label;
    private final String url;
    private final Properties properties;
    private volatile Connection connection;

    Target(String label, String url, Properties properties) {
      this.label = label;
      this.url = url;
      this.properties = properties;
    }

    ProbeSample probe(long round) {
      OpStart start = OpStart.now();
      Writability w = ask();
      return new ProbeSample(round, label, w, start.nanos(), System.nanoTime(), start.micros());
    }

    private Writability ask() {
      try {
        if (connection == null) {
          connection = DriverManager.getConnection(url, properties);
        }
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery(QUERY)) {
          rs.next();
          boolean writable = !rs.getBoolean(1) && "off".equals(rs.getString(2));
          return writable ? Writability.WRITABLE : Writability.READ_ONLY;
        }
      } catch (SQLException e) {
        // No answer is not an answer: the server is neither writable nor read-only this round.
        close();
        return Writability.UNREACHABLE;
      }
    }

    void abort() {
      Connection c = connection;
      if (c != null) {
        try {
          c.abort(Runnable::run);
        } catch (SQLException e) {
          // Already broken.
        }
      }
    }

    void close() {
      Jdbc.closeQuietly(connection);
      connection = null;
    }
  }
}
