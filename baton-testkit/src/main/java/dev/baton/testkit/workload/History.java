package dev.baton.testkit.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only record of every op of a run, safe to share between threads. It also hands out the
 * ids, so several clients sharing one history never insert the same id.
 */
public final class History {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Op> ops = new ArrayList<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong acknowledged = new AtomicLong();

  /** A history of the given ops, in order; for replaying evidence and for self-tests. */
  public static History of(Collection<Op> ops) {
    History h = new History();
    ops.forEach(h::add);
    return h;
  }

  public synchronized void add(Op op) {
    ops.add(op);
    if (op.acknowledged()) {
      acknowledged.incrementAndGet();
    }
  }

  /** How many ops were acknowledged so far; cheap, unlike {@code oks().size()} on a long run. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** A snapshot of all ops in the order they were added. */
  public synchronized List<Op> ops() {
    return List.copyOf(ops);
  }

  /** A snapshot of the acknowledged ops. */
  public List<Op> oks() {
    return ops().stream().filter(Op::acknowledged).toList();
  }

  public synchronized int size() {
    return ops.size();
  }

  public long count(Outcome outcome) {
    return ops().stream().filter(o -> o.outcome() == outcome).count();
  }

  /** The lowest id recorded, to tell this run's rows from older ones in the table. */
  public OptionalLong lowestId() {
    return ops().stream().mapToLong(Op::id).min();
  }

  /** A fresh id, never handed out before by this history. */
  public long nextId() {
    return nextId.getAndIncrement();
  }

  /** Makes every later id greater than {@code used}, so rows of earlier runs are never hit. */
  public void reserveAbove(long used) {
    nextId.accumulateAndGet(used + 1, Math::max);
  }

  /** Writes one JSON object per op and line, as evidence for a report. */
  public void writeJsonLines(Writer out) throws IOException {
    for (Op op : ops()) {
      out.write(JSON.writeValueAsString(op));
      out.write('\n');
    }
  }

  public void writeJsonLines(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeJsonLines(out);
    }
  }
}
