package dev.baton.journal;

import java.nio.file.Path;

class SqliteFleetTest extends FleetContract {

  @Override
  JournalStore newStore(Path dir) {
    return new SqliteStore(dir.resolve("journal.db"));
  }
}
