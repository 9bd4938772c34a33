package dev.baton.app.server;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Redactor;
import dev.baton.engine.RunRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Follows the journal and hands every new record, as a {@link ConsoleEvent}, to the stream clients:
 * runs of this process and runs of any other process sharing the journal alike. Records are
 * delivered in sequence order, and a record is held back one tick until every record with a smaller
 * sequence number is surely visible: two processes may commit 11 and 12 to different runs, and a
 * reader may see 12 before 11. So a client that has seen an id has seen every smaller one, which is
 * what makes {@code Last-Event-ID} sufficient to catch up.
 */
final class JournalFeed implements AutoCloseable {

  enum State {
    LATENT,
    STARTED,
    CLOSED
  }

  /** How often the journal is read when nothing nudges the feed. */
  static final Duration TICK = Duration.ofMillis(200);

  /** A run whose last change is older than the previous tick by this much is not read again. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  /** Where the feed has read a run to, and the time of its last record there. */
  private static final class Cursor {
    long seen;
    Instant lastAt;
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
  private final Journal journal;
  private final Function<RunRecord, Redactor> redactors;
  private final Clock clock;
  private final Map<String, Cursor> cursors = new HashMap<>();
  private final TreeMap<Long, ConsoleEvent> pending = new TreeMap<>();
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
  private final Object nudge = new Object();
  private boolean nudged;
  private Thread thread;
  private Instant previousTick = Instant.EPOCH;
  private long cutoff;
  private long delivered;
  private boolean warned;

  JournalFeed(Journal journal, Function<RunRecord, Redactor> redactors, Clock clock) {
    this.journal = journal;
    this.redactors = redactors;
    this.clock = clock;
  }

  /**
   * Reads where every run stands now (older records are not streamed live) and starts following.
   */
  void start() {
    if (!state.compareAndSet(State.LATENT, State.STARTED)) {
      throw new IllegalStateException("the journal feed cannot be started more than once");
    }
    previousTick = clock.instant();
    long max = 0;
    for (RunRecord run : journal.runs(null)) {
      Cursor c = new Cursor();
      for (JournalEvent e : journal.events(run.runId())) {
        c.seen = e.seq();
        c.lastAt = e.at();
      }
      cursors.put(run.runId(), c);
      max = Math.max(max, c.seen);
    }
    synchronized (this) {
      cutoff = max;
      delivered = max;
    }
    thread = new Thread(this::follow, "baton-journal-feed");
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks for a read now: this process just appended to the journal. */
  void nudge() {
    synchronized (nudge) {
      nudged = true;
      nudge.notifyAll();
    }
  }

  /**
   * A new stream client: of one run, or of all when {@code runId} is null. With {@code lastEventId}
   * it first gets every later record from the journal, then the live ones, each once.
   */
  Subscription subscribe(String runId, Long lastEventId) {
    Subscription s;
    long upTo;
    synchronized (this) {
      upTo = delivered;
      s = new Subscription(runId, lastEventId == null ? upTo : lastEventId, this::unsubscribe);
      subscribers.add(s);
    }
    s.replay(lastEventId == null ? List.of() : missed(runId, lastEventId, upTo));
    return s;
  }

  void unsubscribe(Subscription s) {
    subscribers.remove(s);
  }

  int subscribers() {
    return subscribers.size();
  }

  /**
   * The highest id every subscriber has been given (or that was journaled before the feed began).
   */
  synchronized long delivered() {
    return delivered;
  }

  private List<ConsoleEvent> missed(String runId, long after, long upTo) {
    List<ConsoleEvent> out = new ArrayList<>();
    if (after >= upTo) {
      return out;
    }
    List<RunRecord> runs =
        runId == null ? journal.runs(null) : journal.run(runId).map(List::of).orElse(List.of());
    for (RunRecord run : runs) {
      Instant previous = null;
      for (JournalEvent e : journal.events(run.runId())) {
        if (e.seq() > after && e.seq() <= upTo) {
          out.add(JournalEvents.of(e, run, previous, redactors.apply(run)));
        }
        previous = e.at();
      }
    }
    out.sort(Comparator.comparingLong(ConsoleEvent::id));
    return out;
  }

  private void follow() {
    while (state.get() == State.STARTED) {
      try {
        tick();
      } catch (RuntimeException e) {
        if (!warned) {
          warned = true;
          System.err.println(
              "baton serve: cannot read the journal (will retry): " + e.getMessage());
        }
      }
      waitForNudge();
    }
  }

  private void waitForNudge() {
    boolean holding;
    synchronized (this) {
      holding = !pending.isEmpty();
    }
    // Held-back records go out on the next tick, so it comes soon.
    long waitMs = holding ? 20 : TICK.toMillis();
    synchronized (nudge) {
      if (!nudged) {
        try {
          nudge.wait(waitMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          state.set(State.CLOSED);
        }
      }
      nudged = false;
    }
  }

  void tick() {
    Instant started = clock.instant();
    long maxSeen = 0;
    List<ConsoleEvent> fresh = new ArrayList<>();
    for (RunRecord run : journal.runs(null)) {
      Cursor c = cursors.get(run.runId());
      if (c != null && run.updatedAt().isBefore(previousTick.minus(SLACK))) {
        maxSeen = Math.max(maxSeen, c.seen);
        continue;
      }
      if (c == null) {
        c = new Cursor();
        cursors.put(run.runId(), c);
      }
      Instant previous = null;
      for (JournalEvent e : journal.events(run.runId())) {
        if (e.seq() > c.seen) {
          fresh.add(JournalEvents.of(e, run, previous, redactors.apply(run)));
          c.seen = e.seq();
          c.lastAt = e.at();
        }
        previous = e.at();
      }
      maxSeen = Math.max(maxSeen, c.seen);
    }
    synchronized (this) {
      fresh.forEach(e -> pending.put(e.id(), e));
      while (!pending.isEmpty() && pending.firstKey() <= cutoff) {
        ConsoleEvent e = pending.pollFirstEntry().getValue();
        for (Subscription s : subscribers) {
          if (s.wants(e)) {
            s.offer(e);
          }
        }
      }
      delivered = Math.max(delivered, cutoff);
      cutoff = Math.max(cutoff, maxSeen);
    }
    previousTick = started;
  }

  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    subscribers.forEach(Subscription::close);
    nudge();
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
