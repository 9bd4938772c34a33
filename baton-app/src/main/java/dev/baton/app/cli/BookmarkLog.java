package dev.baton.app.cli;

import dev.baton.engine.Decision;
import dev.baton.engine.EventType;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bookmarks of a system, read back from the journal: each is the evidence of a finished
 * bookmark step (name, component, LSN, time, timeline). PostgreSQL keeps no list of its restore
 * points, so the journal is where they are found again.
 */
final class BookmarkLog {
  private BookmarkLog() {}

  record Bookmark(
      String name, String component, String lsn, String time, String timeline, String runId) {}

  /** Newest first. */
  static List<Bookmark> of(Journal journal, String system) {
    List<Bookmark> out = new ArrayList<>();
    for (RunRecord run : journal.runs(system)) {
      if (!run.strategy().equals("bookmark")) {
        continue;
      }
      for (JournalEvent e : journal.events(run.runId())) {
        if (e.type() == EventType.OUTCOME
            && e.stepId().startsWith("bookmark-")
            && e.decision() != null
            && e.decision().kind() == Decision.Kind.DONE) {
          parse(e.evidence(), run.runId()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  static Optional<Bookmark> named(Journal journal, String system, String name) {
    return of(journal, system).stream().filter(b -> b.name().equals(name)).findFirst();
  }

  private static Optional<Bookmark> parse(String evidence, String runId) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String line : evidence.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        kv.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!kv.containsKey("bookmark") || !kv.containsKey("lsn")) {
      return Optional.empty();
    }
    return Optional.of(
        new Bookmark(
            kv.get("bookmark"),
            kv.getOrDefault("component", ""),
            kv.get("lsn"),
            kv.getOrDefault("time", ""),
            kv.getOrDefault("timeline", ""),
            runId));
  }
}
