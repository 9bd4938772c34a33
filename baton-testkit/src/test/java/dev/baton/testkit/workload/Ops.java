package dev.baton.testkit.workload;

import java.util.List;

/** Hand-made ops for the checkers' self-tests, with times in whole milliseconds. */
final class Ops {

  /** An arbitrary epoch, so that wall-clock times in sentences are predictable. */
  static final long EPOCH_MICROS = 1_700_000_000_000_000L;

  private Ops() {}

  static Op ok(long id, long startMs, long endMs, String server) {
    return op(id, startMs, endMs, Outcome.OK, server);
  }

  static Op failed(long id, long startMs, long endMs) {
    return op(id, startMs, endMs, Outcome.FAILED, null);
  }

  static Op unknown(long id, long startMs, long endMs) {
    return op(id, startMs, endMs, Outcome.UNKNOWN, null);
  }

  static Op op(long id, long startMs, long endMs, Outcome outcome, String server) {
    return new Op(
        id,
        startMs * 1_000_000,
        endMs * 1_000_000,
        EPOCH_MICROS + startMs * 1_000,
        EPOCH_MICROS + endMs * 1_000,
        outcome,
        server,
        outcome == Outcome.OK ? 1L : null,
        outcome == Outcome.OK ? null : "08006 connection lost");
  }

  static History history(Op... ops) {
    return History.of(List.of(ops));
  }
}
