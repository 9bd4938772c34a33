package dev.baton.drivers.transport;

import dev.baton.engine.DriverException;
import dev.baton.engine.OutcomeUnknownException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the standard output of a command on one node into the standard input of a command on
 * another (or the same) node, each through its node's transport: a tar of a data directory into a
 * tar that unpacks it, say. The bytes pass through Baton unchanged. The shorter of the two
 * commands' timeouts bounds the whole copy, and a side that fails stops the other, so that neither
 * waits forever on a partner that is gone.
 */
public final class Pipe {

  /** One side of a pipe: a command, and the node it runs on (by name, for the sentences). */
  public record End(String node, Transport transport, Command command) {
    String describe() {
      return command.display() + " on node " + node;
    }
  }

  /** What a finished copy moved, and how long it took. */
  public record Copied(long bytes, Duration took) {}

  /** Told now and then how far a long copy has come, on the thread that copies. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (bytes, elapsed) -> {};

    void copied(long bytes, Duration elapsed);
  }

  /** How often a long copy reports its progress. */
  public static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  // What a side that failed on its own is given, past the copy, to say how it ended: its exit
  // code and standard error are the sentence's cause.
  private static final Duration LAST_WORDS = Duration.ofSeconds(10);

  private static final int BUFFER = 256 * 1024;

  // Each copy reads on one thread and drains the consumer's output on another, while the caller
  // keeps the deadline; daemon threads of their own, as the common pool has one thread on two
  // cores.
  private static final ExecutorService COPIERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "baton-pipe");
            t.setDaemon(true);
            return t;
          });

  /** Where the copy stopped, when it stopped before the producer's end of output. */
  private enum Broke {
    NOTHING,
    READING,
    WRITING
  }

  private final End from;
  private final End to;
  private final Progress progress;
  private final long t0 = System.nanoTime();
  private final long deadline;
  private final AtomicLong bytes = new AtomicLong();

  private Pipe(End from, End to, Progress progress) {
    this.from = from;
    this.to = to;
    this.progress = progress;
    this.deadline = t0 + limit().toNanos();
  }

  /** Copies everything {@code from} writes into {@code to}; both must exit 0. */
  public static Copied copy(End from, End to) throws DriverException {
    return copy(from, to, Progress.NONE);
  }

  /** As {@link #copy(End, End)}, telling {@code progress} every {@link #PROGRESS_EVERY}. */
  public static Copied copy(End from, End to, Progress progress) throws DriverException {
    return new Pipe(from, to, progress).run();
  }

  /** A side of the copy once started. */
  private record Side(End end, RunningCommand command) {}

  private Copied run() throws DriverException {
    try (RunningCommand producer = start(from);
        RunningCommand consumer = start(to)) {
      Side p = new Side(from, producer);
      Side c = new Side(to, consumer);
      quietly(producer.stdin()); // the producer reads nothing, as with </dev/null
      COPIERS.submit(() -> discard(consumer.stdout()));
      Future<Broke> copying = COPIERS.submit(() -> transfer(producer, consumer));
      return switch (awaitCopy(copying, p, c)) {
        case NOTHING -> finish(p, c);
        case WRITING -> throw brokenBy(c, p);
        case READING -> throw brokenBy(p, c);
      };
    }
  }

  private RunningCommand start(End end) throws DriverException {
    try {
      return end.transport().open(end.command());
    } catch (OutcomeUnknownException e) {
      throw e;
    } catch (DriverException e) {
      throw new DriverException(between() + ": " + e.getMessage(), e.evidence());
    }
  }

  /** Moves the bytes; says which side broke, if one did. */
  private Broke transfer(RunningCommand producer, RunningCommand consumer) {
    byte[] buf = new byte[BUFFER];
    InputStream in = producer.stdout();
    OutputStream out = consumer.stdin();
    long report = t0 + PROGRESS_EVERY.toNanos();
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        return Broke.READING;
      }
      if (n < 0) {
        break;
      }
      try {
        out.write(buf, 0, n);
      } catch (IOException e) {
        return Broke.WRITING;
      }
      bytes.addAndGet(n);
      if (System.nanoTime() > report) {
        report = System.nanoTime() + PROGRESS_EVERY.toNanos();
        progress.copied(bytes.get(), elapsed());
      }
    }
    try {
      out.close(); // end-of-file for the consumer
      return Broke.NOTHING;
    } catch (IOException e) {
      return Broke.WRITING;
    }
  }

  private Broke awaitCopy(Future<Broke> copying, Side p, Side c) throws DriverException {
    try {
      return copying.get(remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw overdue(p, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException(
          "interrupted while copying from node " + from.node() + " to node " + to.node(), "");
    } catch (ExecutionException e) {
      // transfer() catches what the streams throw: anything else is a fault of the copy itself.
      throw new DriverException(between() + ": " + e.getCause(), "");
    }
  }

  /** The producer's output ended and went to the consumer: both must now exit 0 in time. */
  private Copied finish(Side p, Side c) throws DriverException {
    Optional<RunningCommand.Exit> pe = p.command().await(remaining());
    Optional<RunningCommand.Exit> ce = c.command().await(remaining());
    if (pe.isEmpty() || ce.isEmpty()) {
      throw overdue(p, c);
    }
    if (!pe.get().ok() || !ce.get().ok()) {
      throw failure(List.of(ending(p.end(), pe.get()), ending(c.end(), ce.get())), p, c);
    }
    return new Copied(bytes.get(), elapsed());
  }

  /**
   * {@code broken}'s stream broke first: its own exit says why, and {@code other}, which would wait
   * for a partner that is gone, is stopped.
   */
  private DriverException brokenBy(Side broken, Side other) throws DriverException {
    Optional<RunningCommand.Exit> own = broken.command().await(shorter(remaining(), LAST_WORDS));
    other.command().close();
    String why =
        own.map(x -> ending(broken.end(), x))
            .orElse(broken.end().describe() + " stopped reading or writing but did not exit");
    Side p = broken.end() == from ? broken : other;
    Side c = p == broken ? other : broken;
    return failure(List.of(why, other.end().describe() + " was stopped"), p, c);
  }

  /** The deadline passed: both sides are stopped. */
  private DriverException overdue(Side p, Side c) {
    p.command().close();
    c.command().close();
    return new DriverException(
        "copying from node "
            + from.node()
            + " to node "
            + to.node()
            + " did not finish within "
            + limit().toSeconds()
            + " s ("
            + bytes.get()
            + " bytes copied); stopped "
            + from.describe()
            + " and "
            + to.describe(),
        evidence(p, c));
  }

  private DriverException failure(List<String> endings, Side p, Side c) {
    return new DriverException(
        between() + " (" + bytes.get() + " bytes copied): " + String.join("; ", endings),
        evidence(p, c));
  }

  private String between() {
    return "cannot copy from node " + from.node() + " to node " + to.node();
  }

  private static String ending(End end, RunningCommand.Exit exit) {
    String s = end.describe() + " exited " + exit.code();
    return exit.ok() || exit.lastLine().isEmpty() ? s : s + " (" + exit.lastLine() + ")";
  }

  /** Both commands and what each wrote on standard error. */
  private static String evidence(Side p, Side c) {
    return p.end().describe()
        + ":\n"
        + p.command().stderr().strip()
        + "\n"
        + c.end().describe()
        + ":\n"
        + c.command().stderr().strip();
  }

  private Duration limit() {
    return shorter(from.command().timeout(), to.command().timeout());
  }

  private Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void discard(InputStream in) {
    try (in) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // the consumer ended
    }
  }

  private static void quietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // a command that has ended already closed its side
    }
  }
}
