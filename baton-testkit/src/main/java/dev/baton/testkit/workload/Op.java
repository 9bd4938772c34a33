package dev.baton.testkit.workload;

import java.time.Instant;

/**
 * One insert of a unique id as the client saw it. Nanos come from {@link System#nanoTime()} and
 * order ops; micros are the epoch wall clock, kept only for reports.
 *
 * @param startNanos when the statement was sent, or when connecting began if it never was: connect
 *     time must not widen an acknowledgement's interval, or a clean handover would overlap
 * @param server the {@code host:port} that acknowledged the insert, null unless {@code OK}
 * @param timeline the acknowledging server's timeline, or null when unknown
 * @param error the driver's SQLState and message when the insert did not succeed, else null
 */
public record Op(
    long id,
    long startNanos,
    long endNanos,
    long startMicros,
    long endMicros,
    Outcome outcome,
    String server,
    Long timeline,
    String error) {

  public Op {
    if (outcome == null) {
      throw new IllegalArgumentException("op " + id + " has no outcome");
    }
    if (endNanos < startNanos) {
      throw new IllegalArgumentException("op " + id + " ends before it starts");
    }
    if (server != null && outcome != Outcome.OK) {
      throw new IllegalArgumentException("op " + id + " names a server but is " + outcome.label());
    }
  }

  /** An epoch-micros instant as an ISO-8601 instant, for reports. */
  static String isoMicros(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L)
        .toString();
  }

  /** Whether the server acknowledged the commit. */
  public boolean acknowledged() {
    return outcome == Outcome.OK;
  }
}
