package dev.baton.journal;

import java.nio.file.Path;

class SqliteJournalEventsTest extends JournalEventsContract {

  @Override
  JournalStore newStore(Path dir) {
    return new SqliteStore(dir.resolve("nested/dir/journal.db"));
  }
}
