package dev.baton.app.watch;

/**
 * How an automatic failover went: its run, how it ended, how long from the declaration until the
 * new active accepted writes (-1 if it never did), and what the failed active may have taken with
 * it: {@code unreplicated} transactions it committed that the standby never received (-1 when they
 * could not be counted).
 */
public record FailoverReport(
    String runId,
    String status,
    String sentence,
    int exitCode,
    long failoverMs,
    long unreplicated,
    String lossSentence) {}
