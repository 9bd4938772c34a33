package dev.baton.journal;

import java.nio.file.Path;

class SqliteFencingTest extends FencingContract {

  @Override
  JournalStore newStore(Path dir) {
    return new SqliteStore(dir.resolve("journal.db"));
  }
}
