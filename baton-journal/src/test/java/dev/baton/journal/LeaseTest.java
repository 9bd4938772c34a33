package dev.baton.journal;

import java.nio.file.Path;

class LeaseTest extends LeaseContract {

  @Override
  JournalStore newStore(Path dir) {
    return new SqliteStore(dir.resolve("journal.db"));
  }
}
