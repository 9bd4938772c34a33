package dev.baton.app.cli;

import dev.baton.engine.Decision;
import dev.baton.engine.EventType;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.ResultKey;
import dev.baton.engine.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bookmarks of a system, read back from the journal: each is the data a finished bookmark
 * action reported (name, component, LSN, time, timeline). PostgreSQL keeps no list of its restore
 * points, so the journal is where they are found again.
 */
public final class BookmarkLog {
  private BookmarkLog() {}

  public record Bookmark(
      String name, String component, String lsn, String time, String timeline, String runId) {}

  /** Newest first. */
  public static List<Bookmark> of(Journal journal, String system) {
    List<Bookmark> out = new ArrayList<>();
    for (RunRecord run : journal.runs(system)) {
      if (!run.strategy().equals("bookmark")) {
        continue;
      }
      for (JournalEvent e : journal.events(run.runId())) {
        if (e.type() == EventType.OUTCOME
            && e.decision() != null
            && e.decision().kind() == Decision.Kind.DONE) {
          of(e.data(), run.runId()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  static Optional<Bookmark> named(Journal journal, String system, String name) {
    return of(journal, system).stream().filter(b -> b.name().equals(name)).findFirst();
  }

  /** The bookmark an action reported in its outcome's data, if it set one. */
  private static Optional<Bookmark> of(Map<String, String> data, String runId) {
    Optional<String> name = ResultKey.BOOKMARK.in(data);
    Optional<String> lsn = ResultKey.BOOKMARK_LSN.in(data);
    if (name.isEmpty() || lsn.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Bookmark(
            name.get(),
            ResultKey.BOOKMARK_COMPONENT.in(data).orElse(""),
            lsn.get(),
            ResultKey.BOOKMARK_TIME.in(data).orElse(""),
            ResultKey.BOOKMARK_TIMELINE.in(data).orElse(""),
            runId));
  }
}
