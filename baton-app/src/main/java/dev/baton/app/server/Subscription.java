package dev.baton.app.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One stream client's share of the feed: the events it missed (read back from the journal) and a
 * bounded queue of live ones. An event whose id it already has is skipped, so every event reaches
 * it once. A client too slow to keep up is cut off rather than slowing the feed; it reconnects with
 * {@code Last-Event-ID} and catches up from the journal.
 */
final class Subscription implements AutoCloseable {

  static final int CAPACITY = 10_000;

  private final String runId;
  private final BlockingQueue<ConsoleEvent> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final Consumer<Subscription> onClose;
  private volatile List<ConsoleEvent> replay = List.of();
  private volatile boolean overflowed;
  private volatile boolean closed;
  private long lastSent;

  Subscription(String runId, long lastSent, Consumer<Subscription> onClose) {
    this.runId = runId;
    this.lastSent = lastSent;
    this.onClose = onClose;
  }

  boolean wants(ConsoleEvent e) {
    return runId == null || runId.equals(e.runId());
  }

  /** Called by the feed; never blocks. */
  void offer(ConsoleEvent e) {
    if (!queue.offer(e)) {
      overflowed = true;
    }
  }

  void replay(List<ConsoleEvent> missed) {
    this.replay = List.copyOf(missed);
  }

  /** The events missed before this subscription, oldest first; each is counted as sent. */
  List<ConsoleEvent> takeReplay() {
    List<ConsoleEvent> out = replay.stream().filter(e -> e.id() > lastSent).toList();
    replay = List.of();
    if (!out.isEmpty()) {
      lastSent = out.get(out.size() - 1).id();
    }
    return out;
  }

  /** The next live event not sent yet, or null after {@code wait} or once closed. */
  ConsoleEvent next(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      ConsoleEvent e =
          queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
      if (e != null && e.id() > lastSent) {
        lastSent = e.id();
        return e;
      }
    }
    return null;
  }

  /** Whether the stream should end: closed by the server, or its client fell too far behind. */
  boolean ended() {
    return closed || overflowed;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      onClose.accept(this);
    }
  }
}
