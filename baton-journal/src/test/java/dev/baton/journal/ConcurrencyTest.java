package dev.baton.journal;

import java.nio.file.Path;

class ConcurrencyTest extends ConcurrencyContract {

  @Override
  JournalStore newStore(Path dir) {
    return new SqliteStore(dir.resolve("journal.db"));
  }
}
