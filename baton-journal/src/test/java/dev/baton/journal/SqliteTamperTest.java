package dev.baton.journal;

import java.nio.file.Path;

class SqliteTamperTest extends TamperContract {

  @Override
  JournalStore newStore(Path dir) {
    return new SqliteStore(dir.resolve("journal.db"));
  }
}
