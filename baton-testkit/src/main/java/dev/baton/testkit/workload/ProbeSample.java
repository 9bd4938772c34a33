package dev.baton.testkit.workload;

/**
 * What one probe of one server found. All samples of a round were taken one after another within a
 * few milliseconds, so a round is the probe's notion of "at the same time".
 *
 * @param server the probed target as {@code host:port}
 */
public record ProbeSample(
    long round,
    String server,
    Writability writability,
    long startNanos,
    long endNanos,
    long startMicros) {

  /** Whether a server would accept a write when probed. */
  public enum Writability {
    /** Not in recovery and not read-only. */
    WRITABLE,
    /** In recovery or read-only. */
    READ_ONLY,
    /** No answer: the server could not be asked. */
    UNREACHABLE
  }
}
