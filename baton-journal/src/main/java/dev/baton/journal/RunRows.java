package dev.baton.journal;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;

/** How a {@link RunRecord} maps to a row of the {@code runs} table. */
final class RunRows {

  static final String COLUMNS =
      "run_id, system, strategy, target_version, options, topology_source, topology_text,"
          + " plan_fingerprint, status, created_at, updated_at";

  private RunRows() {}

  /** The values of {@link #COLUMNS}, in order. */
  static Object[] values(RunRecord run) {
    return new Object[] {
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

  static RunRecord read(ResultSet rs) throws SQLException {
    String runId = rs.getString("run_id");
    try {
      return new RunRecord(
          runId,
          rs.getString("system"),
          rs.getString("strategy"),
          rs.getString("target_version"),
          Json.read(rs.getString("options")),
          rs.getString("topology_source"),
          rs.getString("topology_text"),
          rs.getString("plan_fingerprint"),
          RunStatus.valueOf(rs.getString("status")),
          Timestamps.parse(rs.getString("created_at")),
          Timestamps.parse(rs.getString("updated_at")));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new CorruptJournalException(
          "the header of run %s cannot be read (%s)%s"
              .formatted(runId, e.getMessage(), SqliteFile.NO_ACTION));
    }
  }
}
