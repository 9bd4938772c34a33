package dev.baton.journal;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.JournalEvent;
import java.util.ArrayList;
import java.util.List;

/** Checks a run's records against their checksums, their chain and the run's header. */
final class ChainVerifier {

  private static final String NO_ACTION = SqliteFile.NO_ACTION;

  private ChainVerifier() {}

  /** The decoded events of {@code rows} (in seq order), or CorruptJournalException. */
  static List<JournalEvent> verify(RunHead head, List<EventRow> rows) {
    String previousHash = "";
    long previousSeq = 0;
    for (EventRow row : rows) {
      if (!row.hash().equals(row.computeHash())) {
        throw corrupt(row, head, "fails its checksum: it was altered or cut");
      }
      if (!row.prevHash().equals(previousHash)) {
        throw corrupt(row, head, brokenLink(previousSeq));
      }
      previousHash = row.hash();
      previousSeq = row.seq();
    }
    verifyEnd(head, rows.size(), previousSeq, previousHash);
    return decode(head, rows);
  }

  private static String brokenLink(long previousSeq) {
    return previousSeq == 0
        ? "is the first of its run but chains to an earlier record: records before it are missing"
        : "does not chain to record %d: a record between them is missing or was altered"
            .formatted(previousSeq);
  }

  // A deleted last record leaves an intact chain, so only the run's header can reveal it.
  private static void verifyEnd(RunHead head, long count, long lastSeq, String lastHash) {
    if (count != head.eventCount()) {
      throw new CorruptJournalException(
          "run %s should have %d journal records but has %d (%s): records were cut or added%s"
              .formatted(
                  head.runId(),
                  head.eventCount(),
                  count,
                  count == 0 ? "none is left" : "the last is record " + lastSeq,
                  NO_ACTION));
    }
    if (!lastHash.equals(head.lastHash())) {
      throw new CorruptJournalException(
          "journal record %d is not the last record run %s ends with: records were cut or replaced%s"
              .formatted(lastSeq, head.runId(), NO_ACTION));
    }
  }

  private static List<JournalEvent> decode(RunHead head, List<EventRow> rows) {
    List<JournalEvent> events = new ArrayList<>(rows.size());
    for (EventRow row : rows) {
      try {
        events.add(row.toEvent());
      } catch (RuntimeException e) {
        // The checksum held, so this record was written undecodable; still never guess.
        throw corrupt(row, head, "cannot be decoded (" + e.getMessage() + ")");
      }
    }
    return events;
  }

  private static CorruptJournalException corrupt(EventRow row, RunHead head, String what) {
    return new CorruptJournalException(
        "journal record %d of run %s %s%s".formatted(row.seq(), head.runId(), what, NO_ACTION));
  }
}
