package dev.baton.journal;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;

/**
 * How a {@link RunRecord} maps to a row of the {@code runs} table, and the seal that covers every
 * column of that row: the fields that decide what a resume runs (the system, the strategy, the
 * topology text, …) and the head of the run's chain, so that an edited header is caught like an
 * edited record.
 */
final class RunRows {

  static final String COLUMNS =
      "run_id, system, strategy, target_version, options, topology_source, topology_text,"
          + " plan_fingerprint, status, created_at, updated_at";

  /** {@link #COLUMNS}, then the chain's head and the seal, as every read selects them. */
  static final String SEALED_COLUMNS = COLUMNS + ", event_count, last_hash, seal";

  private static final int FIELDS = 11;

  private RunRows() {}

  /** The values of {@link #COLUMNS}, in order, as the text stored. */
  static String[] values(RunRecord run) {
    return new String[] {
      run.runId(),
      run.system(),
      run.strategy(),
      run.targetVersion(),
      Json.write(run.options()),
      run.topologySource(),
      run.topologyText(),
      run.planFingerprint(),
      run.status().name(),
      Timestamps.format(run.createdAt()),
      Timestamps.format(run.updatedAt())
    };
  }

  /**
   * The run {@code template} describes, created now as {@code runId}: running, stamped {@code at}.
   */
  static RunRecord started(RunRecord template, String runId, java.time.Instant at) {
    return new RunRecord(
        runId,
        template.system(),
        template.strategy(),
        template.targetVersion(),
        template.options(),
        template.topologySource(),
        template.topologyText(),
        template.planFingerprint(),
        RunStatus.RUNNING,
        at,
        at);
  }

  /** {@code run} in {@code status}, last changed {@code at}. */
  static RunRecord with(RunRecord run, RunStatus status, java.time.Instant at) {
    return new RunRecord(
        run.runId(),
        run.system(),
        run.strategy(),
        run.targetVersion(),
        run.options(),
        run.topologySource(),
        run.topologyText(),
        run.planFingerprint(),
        status,
        run.createdAt(),
        at);
  }

  /** The seal of a row whose {@link #COLUMNS} hold {@code stored} and whose chain has this head. */
  static String seal(String[] stored, long eventCount, String lastHash) {
    String[] all = java.util.Arrays.copyOf(stored, FIELDS + 2);
    all[FIELDS] = Long.toString(eventCount);
    all[FIELDS + 1] = lastHash;
    return Digest.of(all);
  }

  /** Reads a row selected with {@link #SEALED_COLUMNS}, after checking its seal. */
  static Sealed read(ResultSet rs) throws SQLException {
    String[] stored = new String[FIELDS];
    for (int i = 0; i < FIELDS; i++) {
      stored[i] = rs.getString(i + 1);
    }
    long eventCount = rs.getLong(FIELDS + 1);
    String lastHash = rs.getString(FIELDS + 2);
    String seal = rs.getString(FIELDS + 3);
    String runId = stored[0];
    if (!seal(stored, eventCount, lastHash).equals(seal)) {
      throw new CorruptJournalException(
          "the header of run %s was altered: its seal does not match its columns%s"
              .formatted(runId, SqliteFile.NO_ACTION));
    }
    try {
      RunRecord run =
          new RunRecord(
              runId,
              stored[1],
              stored[2],
              stored[3],
              Json.read(stored[4]),
              stored[5],
              stored[6],
              stored[7],
              RunStatus.valueOf(stored[8]),
              Timestamps.parse(stored[9]),
              Timestamps.parse(stored[10]));
      return new Sealed(run, new RunHead(runId, eventCount, lastHash));
    } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
      throw new CorruptJournalException(
          "the header of run %s cannot be read (%s)%s"
              .formatted(runId, e.getMessage(), SqliteFile.NO_ACTION));
    }
  }

  /** A run as stored, with the head of its chain, both covered by a seal that held. */
  record Sealed(RunRecord run, RunHead head) {}
}
