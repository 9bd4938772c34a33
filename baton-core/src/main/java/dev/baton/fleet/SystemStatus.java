package dev.baton.fleet;

import java.time.Instant;

/**
 * One system of a fleet as the journal keeps it: its wave and state, who runs or ran it under which
 * epoch, its run, when it was claimed and finished (by the database's clock), and the sentence its
 * run ended with.
 */
public record SystemStatus(
    String system,
    int wave,
    SystemState state,
    String worker,
    long epoch,
    String runId,
    Instant claimedAt,
    Instant finishedAt,
    String sentence) {}
