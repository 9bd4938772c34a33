package dev.baton.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The SQLite file's own settings, besides the schema contract every journal keeps. */
class SqliteJournalFileTest extends SchemaContract {

  @Override
  JournalStore newStore(Path dir) {
    return new SqliteStore(dir.resolve("journal.db"));
  }

  @Test
  void fileIsInWalModeAndSyncsEveryCommit() {
    SqliteJournal sqlite = (SqliteJournal) journal;
    assertEquals("wal", sqlite.pragma("journal_mode"));
    assertEquals("2", sqlite.pragma("synchronous"), "2 is FULL");
    assertEquals("5000", sqlite.pragma("busy_timeout"));
    assertEquals("1", sqlite.pragma("foreign_keys"));
  }
}
