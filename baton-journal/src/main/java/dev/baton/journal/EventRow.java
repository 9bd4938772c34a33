package dev.baton.journal;

import dev.baton.engine.Decision;
import dev.baton.engine.EventType;
import dev.baton.engine.JournalEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One row of the {@code events} table exactly as stored, and the checksum that seals it.
 *
 * <p>The hash is SHA-256 over the stored text of every column in a fixed order, each field written
 * as {@code S<utf8-length>:<text>;} or {@code N;} for null. Hashing the stored text, not a
 * re-serialisation, means any changed byte is caught and a library upgrade cannot change what an
 * old record hashes to. A record written under a lease also carries the lease's epoch, which its
 * hash covers; a record without one hashes as records did before epochs existed.
 */
record EventRow(
    long seq,
    String runId,
    String stepId,
    String type,
    String decisionKind,
    String sentence,
    String evidence,
    String at,
    String data,
    String prevHash,
    String hash,
    Long epoch) {

  static final String COLUMNS =
      "seq, run_id, step_id, type, decision_kind, sentence, evidence, at, data, prev_hash, hash,"
          + " epoch";

  /** {@code ?, ?, …}: one parameter per column of {@link #COLUMNS}. */
  static final String PARAMETERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

  /**
   * The row for {@code event}, chained to {@code prevHash} and sealed with its hash; {@code epoch}
   * is the epoch of the lease it is written under, or null.
   */
  static EventRow seal(JournalEvent event, long seq, String prevHash, Instant at, Long epoch) {
    Decision decision = event.decision();
    EventRow unsealed =
        new EventRow(
            seq,
            event.runId(),
            event.stepId(),
            event.type().name(),
            decision == null ? null : decision.kind().name(),
            decision == null ? null : decision.sentence(),
            event.evidence(),
            Timestamps.format(at),
            Json.write(event.data()),
            prevHash,
            "",
            epoch);
    return unsealed.withHash(unsealed.computeHash());
  }

  static EventRow read(ResultSet rs) throws SQLException {
    return new EventRow(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        epochOf(rs.getString(12)));
  }

  private static Long epochOf(String stored) {
    try {
      return stored == null ? null : Long.valueOf(stored);
    } catch (NumberFormatException e) {
      // Not a number: keep a value no hash covers, so the record fails its checksum.
      return Long.MIN_VALUE;
    }
  }

  /** Binds the columns in {@link #COLUMNS} order. */
  void bind(PreparedStatement insert) throws SQLException {
    insert.setLong(1, seq);
    String[] texts = {
      runId, stepId, type, decisionKind, sentence, evidence, at, data, prevHash, hash
    };
    for (int i = 0; i < texts.length; i++) {
      insert.setString(i + 2, texts[i]);
    }
    if (epoch == null) {
      insert.setNull(texts.length + 2, java.sql.Types.BIGINT);
    } else {
      insert.setLong(texts.length + 2, epoch);
    }
  }

  String computeHash() {
    // The order is part of the file format: changing it breaks every existing journal.
    String[] fields = {
      prevHash, Long.toString(seq), runId, stepId, type, decisionKind, sentence, evidence, at, data
    };
    if (epoch == null) {
      return Digest.of(fields);
    }
    String[] withEpoch = java.util.Arrays.copyOf(fields, fields.length + 1);
    withEpoch[fields.length] = Long.toString(epoch);
    return Digest.of(withEpoch);
  }

  /** The event this row stores; throws IllegalArgumentException when a column does not decode. */
  JournalEvent toEvent() {
    Decision decision =
        decisionKind == null ? null : new Decision(Decision.Kind.valueOf(decisionKind), sentence);
    return new JournalEvent(
        seq,
        runId,
        stepId,
        EventType.valueOf(type),
        decision,
        evidence,
        Timestamps.parse(at),
        Json.read(data));
  }

  private EventRow withHash(String newHash) {
    return new EventRow(
        seq,
        runId,
        stepId,
        type,
        decisionKind,
        sentence,
        evidence,
        at,
        data,
        prevHash,
        newHash,
        epoch);
  }
}
